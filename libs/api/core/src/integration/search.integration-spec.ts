import type { PaperResponse, SearchResponse } from '@ecabinet/shared/contracts';
import { textPaper } from '@ecabinet/api/papers/testing';
import { approveBallot, createMeeting, rawSql, startTestApp, testDatabaseDriver, uploadPaper, type MeetingFixture, type TestApp } from '../testing';

/**
 * One search box over what the caller may read (#14): papers' text read once per file in a
 * worker, Vietnamese matched with or without its marks, and every hit checked against the
 * rule that guards reading it: a restricted paper, a paper of an item one is excluded from, a
 * meeting one is not in and another's notes are never found.
 */
describe(`search (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let f: MeetingFixture;
  let other: MeetingFixture;
  const papers: Record<string, PaperResponse> = {};

  const search = async (token: string, q: string) => t.request('GET', `/api/search?q=${encodeURIComponent(q)}`, { token });
  const hitsOf = async (token: string, q: string) => {
    const response = await search(token, q);
    expect(response.status).toBe(200);
    return (response.body as SearchResponse).hits;
  };
  /** The text is read in the background; the secretariat's search says how many papers wait. */
  const indexed = async () => {
    for (const deadline = Date.now() + 90_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
      const response = await search(f.tokens['secretary'], 'xx');
      if ((response.body as SearchResponse).pendingPapers === 0) return;
    }
    throw new Error('the papers were not indexed in 90 s');
  };
  const upload = async (fixture: MeetingFixture, item: number, name: string, pages: string[], fields: Record<string, string> = {}) => {
    const response = await uploadPaper(t, `/api/meetings/${fixture.meeting.id}/agenda/${fixture.items[item].id}/papers`, await textPaper(pages), {
      token: fixture.tokens['secretary'],
      fileName: `${name}.pdf`,
      fields: { title: name, ...fields },
    });
    expect(response.status).toBe(201);
    papers[name] = response.body as PaperResponse;
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = await createMeeting(t, { items: ['Tình hình kinh tế - xã hội', 'Dự án luật Đất đai'] });
    other = await createMeeting(t, { participants: { chair: 'chair', member2: 'member', secretary: 'secretary' }, items: ['Phiên khác'] });
    await upload(f, 0, 'Tờ trình giải ngân', ['Mục lục', 'Tình hình giải ngân vốn đầu tư công năm 2026 tại Đà Nẵng.\nĐề nghị Chính phủ cho ý kiến.']);
    await upload(f, 0, 'Báo cáo mật', ['Phương án giải ngân khoản dự phòng KIWI.'], { classification: 'restricted', readerIds: JSON.stringify([f.ids['member2']]) });
    await upload(f, 1, 'Phụ lục đất đai', ['Giải ngân bồi thường giải phóng mặt bằng MANGO.']);
    await upload(other, 0, 'Tài liệu phiên khác', ['Giải ngân của phiên khác PAPAYA.']);
    // member3 declared a conflict of interest on the second item.
    const excluded = await t.request('PUT', `/api/meetings/${f.meeting.id}/agenda/${f.items[1].id}/exclusions`, { token: f.tokens['secretary'], body: { userIds: [f.ids['member3']] } });
    expect(excluded.status).toBe(200);
    await indexed();
  }, 180_000);
  afterAll(() => t.close());

  it('reads each file once and finds "giai ngan" in "giải ngân", at its page, with the words marked', async () => {
    const rows = await rawSql(t.config.database, `SELECT sha256 FROM paper_text_files`);
    expect(rows).toHaveLength(4);
    const hits = await hitsOf(f.tokens['member1'], 'giai ngan');
    const hit = hits.find((h) => h.paperId === papers['Tờ trình giải ngân'].id);
    expect(hit).toMatchObject({ kind: 'paper', page: 2, meetingId: f.meeting.id, itemId: f.items[0].id, context: f.meeting.title });
    const marked = hit?.marks.map(([from, to]) => hit.excerpt.slice(from, to));
    expect(marked).toEqual(['giải', 'ngân']);
    // With the marks typed, in capitals, or the start of the last word: the same page.
    for (const q of ['Giải Ngân', 'GIẢI NGÂN', 'giai ng', 'da nang']) {
      expect((await hitsOf(f.tokens['member1'], q)).some((h) => h.paperId === papers['Tờ trình giải ngân'].id && h.page === 2)).toBe(true);
    }
    // Every word must be there.
    expect((await hitsOf(f.tokens['member1'], 'giai ngan hanoi')).some((h) => h.kind === 'paper')).toBe(false);
  });

  it("never finds a paper's text for someone who may not read it", async () => {
    const found = async (username: string, fixture: MeetingFixture, q: string) => (await hitsOf(fixture.tokens[username] ?? (await t.loginAs(username)).accessToken, q)).map((h) => h.title);
    // Restricted to member2: member1 and the observer do not find it, by a shared word or by its own.
    expect(await found('member1', f, 'giai ngan')).not.toContain('Báo cáo mật');
    expect(await found('member1', f, 'kiwi')).toEqual([]);
    expect(await found('observer', f, 'kiwi')).toEqual([]);
    expect(await found('member2', f, 'kiwi')).toEqual(['Báo cáo mật']);
    // Excluded from the item: member3 does not find its paper; member1 does.
    expect(await found('member3', f, 'mango')).toEqual([]);
    expect(await found('member1', f, 'mango')).toEqual(['Phụ lục đất đai']);
    // Another meeting's paper: only its participants and the secretariat.
    expect(await found('member1', f, 'papaya')).toEqual([]);
    expect(await found('member2', f, 'papaya')).toEqual(['Tài liệu phiên khác']);
    expect(await found('secretary', f, 'kiwi')).toEqual(['Báo cáo mật']);
    // A user in no meeting finds no paper at all.
    const admin = (await t.loginAs('admin')).accessToken;
    expect((await hitsOf(admin, 'giai ngan')).filter((h) => h.kind === 'paper')).toEqual([]);
  });

  it("finds one's own notes and never another's, and agenda items by their title", async () => {
    const paper = papers['Tờ trình giải ngân'];
    const note = await t.request('POST', `/api/meetings/${f.meeting.id}/papers/${paper.id}/annotations`, { token: f.tokens['member1'], body: { kind: 'note', page: 2, text: 'Cần hỏi Bộ Tài chính về tiến độ QUINCE' } });
    expect(note.status).toBe(201);
    const mine = await hitsOf(f.tokens['member1'], 'tai chinh quince');
    expect(mine).toEqual([expect.objectContaining({ kind: 'note', paperId: paper.id, page: 2, excerpt: 'Cần hỏi Bộ Tài chính về tiến độ QUINCE' })]);
    expect(await hitsOf(f.tokens['member2'], 'quince')).toEqual([]);
    expect(await hitsOf(f.tokens['secretary'], 'quince')).toEqual([]);
    expect(await hitsOf(f.tokens['member1'], 'dat dai')).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'agenda-item', itemId: f.items[1].id })]));
    expect((await hitsOf(f.tokens['member1'], 'phien khac')).filter((h) => h.kind === 'agenda-item')).toEqual([]);
  });

  it("finds a ballot's papers for its recipients once it is issued, and for no one else", async () => {
    const secretary = f.tokens['secretary'];
    const created = await t.request('POST', '/api/ballots', {
      token: secretary,
      body: {
        title: 'Lấy ý kiến về phương án hỗ trợ',
        summary: 'Kèm tờ trình.',
        questions: [{ text: 'Tán thành phương án?' }],
        recipientIds: [f.ids['member1']],
        deadline: new Date(Date.now() + 48 * 3_600_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    const ballotId = created.body.id as string;
    const paper = await uploadPaper(t, `/api/ballots/${ballotId}/papers`, await textPaper(['Tờ trình hỗ trợ giải ngân GUAVA.']), { token: secretary, fileName: 'to-trinh.pdf', fields: { title: 'Tờ trình kèm phiếu' } });
    expect(paper.status).toBe(201);
    await indexed();
    const ballotPaperHits = async (username: string) => (await hitsOf(f.tokens[username], 'guava')).filter((h) => h.kind === 'ballot-paper').map((h) => h.ballotId);
    // A draft: the secretariat only.
    expect(await ballotPaperHits('secretary')).toEqual([ballotId]);
    expect(await ballotPaperHits('member1')).toEqual([]);
    expect((await t.request('POST', `/api/ballots/${ballotId}/submit`, { token: secretary })).status).toBe(200);
    expect((await approveBallot(t, ballotId, f.tokens['chair'])).status).toBe(200);
    expect((await t.request('POST', `/api/ballots/${ballotId}/issue`, { token: secretary })).status).toBe(200);
    // Issued: its recipient finds it (and the ballot by its words); a member it was not sent to does not.
    expect(await ballotPaperHits('member1')).toEqual([ballotId]);
    expect((await hitsOf(f.tokens['member1'], 'phuong an ho tro')).some((h) => h.kind === 'ballot' && h.ballotId === ballotId)).toBe(true);
    expect(await ballotPaperHits('member2')).toEqual([]);
    expect((await hitsOf(f.tokens['member2'], 'phuong an ho tro')).some((h) => h.ballotId === ballotId)).toBe(false);
  });

  it('searches current versions only: a replaced text is no longer found', async () => {
    const paper = papers['Phụ lục đất đai'];
    const replaced = await uploadPaper(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/versions`, await textPaper(['Bồi thường, hỗ trợ tái định cư LEMON.']), { token: f.tokens['secretary'], fileName: 'v2.pdf' });
    expect(replaced.status).toBe(201);
    await indexed();
    expect(await hitsOf(f.tokens['member1'], 'mango')).toEqual([]);
    expect((await hitsOf(f.tokens['member1'], 'lemon')).map((h) => h.paperId)).toEqual([paper.id]);
  });

  it('refuses a query it cannot use with a clear error, and strangers', async () => {
    const token = f.tokens['member1'];
    for (const q of ['', ' ', 'a', '!!!', 'x'.repeat(201)]) {
      const response = await search(token, q);
      expect([q, response.status, response.body.code]).toEqual([q, 400, 'VALIDATION_FAILED']);
    }
    expect((await t.request('GET', '/api/search', { token })).status).toBe(400);
    expect((await t.request('GET', '/api/search?q=a&q=b', { token })).status).toBe(400);
    expect((await t.request('GET', '/api/search?q=giai')).status).toBe(401);
    // Query syntax of either engine is taken as words, not obeyed.
    for (const q of ["giai' | 'ngan", 'giai OR ngan', 'ngan*', '"giai', 'NEAR(giai ngan)', 'giai & !ngan']) {
      expect((await search(token, q)).status).toBe(200);
    }
  });
});
