import type { AnnotationResponse, PaperAnnotationsResponse, PaperResponse } from '@ecabinet/shared/contracts';
import { samplePaper } from '@ecabinet/api/papers/testing';
import { createMeeting, fetchBytes, rawSql, startTestApp, testDatabaseDriver, uploadPaper, type MeetingFixture, type TestApp, type TestResponse } from '../testing';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe(`members' private annotations on papers (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let f: MeetingFixture;
  /** Normal, 5 pages: every participant reads it. */
  let paper: PaperResponse;
  /** Restricted to member1. */
  let restricted: PaperResponse;

  beforeAll(async () => {
    t = await startTestApp();
    f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', member2: 'member', observer: 'observer', secretary: 'secretary' } });
    paper = await addPaper(await samplePaper({ pages: 5, title: 'To trinh' }));
    restricted = await addPaper(await samplePaper({ pages: 2, title: 'Mat' }), { classification: 'restricted', readerIds: f.ids['member1'] });
  });
  afterAll(() => t.close());

  async function addPaper(bytes: Buffer, fields: Record<string, string> = {}): Promise<PaperResponse> {
    const response = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, bytes, { token: f.tokens['secretary'], fields });
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as PaperResponse;
  }

  const path = (paperId: string, annotationId?: string) => `/api/meetings/${f.meeting.id}/papers/${paperId}/annotations${annotationId ? `/${annotationId}` : ''}`;
  const list = async (username: string, paperId = paper.id) => {
    const response = await t.request('GET', path(paperId), { token: f.tokens[username] });
    expect(response.status).toBe(200);
    return response.body as AnnotationResponse[];
  };
  const create = async (username: string, body: object, paperId = paper.id) => {
    const response = await t.request('POST', path(paperId), { token: f.tokens[username], body });
    expect({ status: response.status, body: response.body }).toEqual({ status: 201, body: expect.anything() });
    return response.body as AnnotationResponse;
  };
  const expectError = (response: TestResponse, status: number, code: string) => expect({ status: response.status, code: response.body?.code }).toEqual({ status, code });

  it('a member writes a note and a highlight on the current version and lists them by page', async () => {
    const highlight = await create('member1', { kind: 'highlight', page: 3, rects: [{ x: 0.1, y: 0.2, width: 0.5, height: 0.04 }], color: 'green' });
    const note = await create('member1', { kind: 'note', page: 1, text: '  Hỏi lại số liệu vốn  ' });
    expect(note).toMatchObject({ paperId: paper.id, kind: 'note', page: 1, text: 'Hỏi lại số liệu vốn', rects: [], color: 'yellow', version: 1, revision: 1, carriedOver: false, pageMissing: false });
    expect(highlight).toMatchObject({ kind: 'highlight', page: 3, text: '', rects: [{ x: 0.1, y: 0.2, width: 0.5, height: 0.04 }], color: 'green', version: 1 });
    expect(new Date(note.createdAt).toISOString()).toBe(note.createdAt);
    expect((await list('member1')).map((a) => a.id)).toEqual([note.id, highlight.id]);
  });

  it('a rectangle that overshoots the page edge by a rounding error is trimmed to it', async () => {
    const highlight = await create('member1', { kind: 'highlight', page: 2, rects: [{ x: 0.7, y: 0.95, width: 0.3 + 1e-7, height: 0.05 + 1e-7 }] });
    const [rect] = highlight.rects;
    expect(rect.x + rect.width).toBeLessThanOrEqual(1);
    expect(rect.y + rect.height).toBeLessThanOrEqual(1);
    expect(rect.width).toBeCloseTo(0.3, 6);
  });

  it('nobody else sees them or can touch them, not another member and not the secretariat: they answer as if they did not exist', async () => {
    const note = await create('member1', { kind: 'note', page: 2, text: 'Chỉ mình tôi đọc' });
    const missing = await t.request('PATCH', path(paper.id, NOBODY), { token: f.tokens['member1'], body: { text: 'x', revision: 1 } });
    expectError(missing, 404, 'ANNOTATION_NOT_FOUND');
    for (const username of ['member2', 'chair', 'secretary']) {
      expect(await list(username)).toEqual([]);
      const patched = await t.request('PATCH', path(paper.id, note.id), { token: f.tokens[username], body: { text: 'Sửa trộm', revision: 1 } });
      expect({ status: patched.status, code: patched.body.code, message: patched.body.message }).toEqual({ status: 404, code: 'ANNOTATION_NOT_FOUND', message: missing.body.message });
      expectError(await t.request('DELETE', path(paper.id, note.id), { token: f.tokens[username] }), 404, 'ANNOTATION_NOT_FOUND');
    }
    // Nor through another paper's address, even one its author reads.
    expectError(await t.request('PATCH', path(restricted.id, note.id), { token: f.tokens['member1'], body: { text: 'x', revision: 1 } }), 404, 'ANNOTATION_NOT_FOUND');
    expectError(await t.request('DELETE', path(restricted.id, note.id), { token: f.tokens['member1'] }), 404, 'ANNOTATION_NOT_FOUND');
    expect((await list('member1')).find((a) => a.id === note.id)).toMatchObject({ text: 'Chỉ mình tôi đọc', revision: 1 });

    // The secretariat's own annotations are just as private.
    const secretarys = await create('secretary', { kind: 'note', page: 1, text: 'Ghi chú của thư ký' });
    expect((await list('secretary')).map((a) => a.id)).toEqual([secretarys.id]);
    expect((await list('member1')).map((a) => a.id)).not.toContain(secretarys.id);
  });

  it('their text never reaches the audit trail', async () => {
    await create('member1', { kind: 'note', page: 4, text: 'Bí mật riêng XJ-4471' });
    const rows = (await rawSql(t.config.database, 'SELECT action, details FROM audit_log UNION ALL SELECT action, details FROM audit_outbox')) as { action: string; details: string | null }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((row) => `${row.action} ${row.details ?? ''}`.includes('XJ-4471') || row.action.includes('annotation'))).toEqual([]);
  });

  it('a participant who may not read the paper gets the same refusal as for viewing it, on every route', async () => {
    const view = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${restricted.id}/view`, f.tokens['observer']);
    expect({ status: view.status, code: view.body.code }).toEqual({ status: 403, code: 'PAPER_NOT_A_READER' });
    const own = await create('member1', { kind: 'note', page: 1, text: 'Trên tài liệu mật' }, restricted.id);
    const calls: [string, string, object | undefined][] = [
      ['GET', path(restricted.id), undefined],
      ['POST', path(restricted.id), { kind: 'note', page: 1, text: 'x' }],
      ['PATCH', path(restricted.id, own.id), { text: 'x', revision: 1 }],
      ['DELETE', path(restricted.id, own.id), undefined],
    ];
    for (const [method, route, body] of calls) {
      const response = await t.request(method, route, { token: f.tokens['observer'], body });
      expect({ method, status: response.status, code: response.body.code }).toEqual({ method, status: view.status, code: view.body.code });
    }
    // Someone outside the meeting, and a paper that does not exist.
    const outsider = (await t.loginAs('member3')).accessToken;
    expectError(await t.request('GET', path(paper.id), { token: outsider }), 403, 'MEETING_NOT_A_PARTICIPANT');
    expectError(await t.request('POST', path(NOBODY), { token: f.tokens['member1'], body: { kind: 'note', page: 1, text: 'x' } }), 404, 'PAPER_NOT_FOUND');
    expect((await list('member1', restricted.id)).map((a) => a.id)).toEqual([own.id]);
  });

  it('all of a meeting at once: each paper he may read with his own annotations, none of anyone else, no paper he may not read', async () => {
    const mine = await create('member1', { kind: 'note', page: 1, text: 'Ghi chú của tôi cho cả phiên' });
    const hers = await create('member2', { kind: 'note', page: 1, text: 'Ghi chú của người khác' });
    const atOnce = async (username: string) => {
      const response = await t.request('GET', `/api/meetings/${f.meeting.id}/annotations`, { token: f.tokens[username] });
      expect(response.status).toBe(200);
      return response.body as PaperAnnotationsResponse[];
    };
    // member1 reads both papers: each listed, with exactly what the per-paper list gives him.
    const member1 = await atOnce('member1');
    expect(member1.map((entry) => entry.paperId).sort()).toEqual([paper.id, restricted.id].sort());
    for (const entry of member1) expect(entry.annotations).toEqual(await list('member1', entry.paperId));
    expect(member1.flatMap((entry) => entry.annotations).map((a) => a.id)).toContain(mine.id);
    expect(member1.flatMap((entry) => entry.annotations).map((a) => a.id)).not.toContain(hers.id);
    // member2 may not read the restricted paper: not listed; her own note only.
    const member2 = await atOnce('member2');
    expect(member2.map((entry) => entry.paperId)).toEqual([paper.id]);
    expect(member2[0].annotations.map((a) => a.id)).toEqual([hers.id]);
    // The secretariat sees the papers, with her own annotations and none of the members'.
    const secretariat = (await atOnce('secretary')).flatMap((entry) => entry.annotations);
    expect(secretariat.map((a) => a.id)).not.toContain(mine.id);
    expect(secretariat.map((a) => a.id)).not.toContain(hers.id);
    expect(secretariat.every((a) => a.text === 'Ghi chú của thư ký')).toBe(true);
    // Someone outside the meeting: the meeting's refusal.
    const outsider = (await t.loginAs('member3')).accessToken;
    expectError(await t.request('GET', `/api/meetings/${f.meeting.id}/annotations`, { token: outsider }), 403, 'MEETING_NOT_A_PARTICIPANT');
    expectError(await t.request('GET', `/api/meetings/not-a-uuid/annotations`, { token: outsider }), 400, 'VALIDATION_FAILED');
  });

  it('a page the current version does not have is refused', async () => {
    const response = await t.request('POST', path(paper.id), { token: f.tokens['member1'], body: { kind: 'note', page: 6, text: 'Trang 6' } });
    expectError(response, 422, 'PAPER_PAGE_OUT_OF_RANGE');
    expect(response.body.details).toEqual({ pageCount: 5 });
  });

  it('refuses malformed annotations with 400 VALIDATION_FAILED naming the field, never a 500', async () => {
    const rect = { x: 0.1, y: 0.1, width: 0.2, height: 0.05 };
    const cases: [string, object, string][] = [
      ['a note without text', { kind: 'note', page: 1 }, 'text'],
      ['a note with blank text', { kind: 'note', page: 1, text: ' \n\t ' }, 'text'],
      ['a note with rectangles', { kind: 'note', page: 1, text: 'x', rects: [rect] }, 'rects'],
      ['a highlight without rectangles', { kind: 'highlight', page: 1 }, 'rects'],
      ['a highlight with no rectangle', { kind: 'highlight', page: 1, rects: [] }, 'rects'],
      ['too many rectangles', { kind: 'highlight', page: 1, rects: Array.from({ length: 51 }, () => rect) }, 'rects'],
      ['rectangles that are not a list', { kind: 'highlight', page: 1, rects: 'all' }, 'rects'],
      ['a rectangle that is not an object', { kind: 'highlight', page: 1, rects: [null] }, 'rects.0'],
      ['a coordinate below 0', { kind: 'highlight', page: 1, rects: [{ ...rect, x: -0.1 }] }, 'rects.0.x'],
      ['a size above 1', { kind: 'highlight', page: 1, rects: [{ ...rect, height: 1.5 }] }, 'rects.0.height'],
      ['a coordinate that is not a number', { kind: 'highlight', page: 1, rects: [{ ...rect, y: '0.1' }] }, 'rects.0.y'],
      ['a rectangle past the right edge', { kind: 'highlight', page: 1, rects: [rect, { ...rect, x: 0.8, width: 0.3 }] }, 'rects.1'],
      ['a rectangle past the bottom edge', { kind: 'highlight', page: 1, rects: [{ ...rect, y: 0.99, height: 0.02 }] }, 'rects.0'],
      ['an unknown field in a rectangle', { kind: 'highlight', page: 1, rects: [{ ...rect, rotation: 90 }] }, 'rects.0.rotation'],
      ['an unknown field', { kind: 'note', page: 1, text: 'x', userId: f.ids['member2'] }, 'userId'],
      ['text too long', { kind: 'note', page: 1, text: 'x'.repeat(4001) }, 'text'],
      ['text with a NUL character', { kind: 'note', page: 1, text: 'a\u0000b' }, 'text'],
      ['a wrong kind', { kind: 'drawing', page: 1, text: 'x' }, 'kind'],
      ['an unknown colour', { kind: 'note', page: 1, text: 'x', color: 'red' }, 'color'],
      ['a null colour', { kind: 'note', page: 1, text: 'x', color: null }, 'color'],
      ['page 0', { kind: 'note', page: 0, text: 'x' }, 'page'],
      ['a fractional page', { kind: 'note', page: 1.5, text: 'x' }, 'page'],
      ['a page as text', { kind: 'note', page: '1', text: 'x' }, 'page'],
    ];
    for (const [what, body, field] of cases) {
      const response = await t.request('POST', path(paper.id), { token: f.tokens['member1'], body });
      expect({ what, status: response.status, code: response.body.code }).toEqual({ what, status: 400, code: 'VALIDATION_FAILED' });
      expect({ what, fields: (response.body.details as { field: string }[]).map((d) => d.field) }).toEqual({ what, fields: expect.arrayContaining([field]) });
    }

    const note = await create('member1', { kind: 'note', page: 5, text: 'Giữ nguyên' });
    const updates: [string, object, string][] = [
      ["blanking a note's text", { text: '   ', revision: 1 }, 'text'],
      ['a null text', { text: null, revision: 1 }, 'text'],
      ['changing the kind', { kind: 'highlight', revision: 1 }, 'kind'],
      ['moving it to another page', { page: 2, revision: 1 }, 'page'],
      ['no revision', { text: 'x' }, 'revision'],
    ];
    for (const [what, body, field] of updates) {
      const response = await t.request('PATCH', path(paper.id, note.id), { token: f.tokens['member1'], body });
      expect({ what, status: response.status, code: response.body.code }).toEqual({ what, status: 400, code: 'VALIDATION_FAILED' });
      expect({ what, fields: (response.body.details as { field: string }[]).map((d) => d.field) }).toEqual({ what, fields: [field] });
    }
    expect((await list('member1')).find((a) => a.id === note.id)).toMatchObject({ text: 'Giữ nguyên', revision: 1 });
    expectError(await t.request('PATCH', path(paper.id, 'not-a-uuid'), { token: f.tokens['member1'], body: { text: 'x', revision: 1 } }), 400, 'VALIDATION_FAILED');
  });

  it('an edit carries the revision it was made on; a stale one gets 409 STALE_VERSION with the current annotation', async () => {
    const note = await create('member1', { kind: 'note', page: 2, text: 'Bản đầu' });
    const first = await t.request('PATCH', path(paper.id, note.id), { token: f.tokens['member1'], body: { text: 'Bản sửa', color: 'pink', revision: 1 } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: note.id, text: 'Bản sửa', color: 'pink', revision: 2, version: 1, page: 2, createdAt: note.createdAt });
    const stale = await t.request('PATCH', path(paper.id, note.id), { token: f.tokens['member1'], body: { text: 'Từ máy khác', revision: 1 } });
    expectError(stale, 409, 'STALE_VERSION');
    expect(stale.body.details).toMatchObject({ id: note.id, text: 'Bản sửa', revision: 2 });
    expect((await list('member1')).find((a) => a.id === note.id)).toMatchObject({ text: 'Bản sửa', revision: 2 });
  });

  it('after a new version with fewer pages, annotations on pages that remain are carried over and the others are kept, flagged', async () => {
    const own = await addPaper(await samplePaper({ pages: 5, title: 'Du thao' }));
    const kept = await create('member1', { kind: 'highlight', page: 2, rects: [{ x: 0.1, y: 0.1, width: 0.8, height: 0.05 }] }, own.id);
    const lost = await create('member1', { kind: 'note', page: 4, text: 'Ở trang 4 của bản 1' }, own.id);
    const replaced = await uploadPaper(t, `/api/meetings/${f.meeting.id}/papers/${own.id}/versions`, await samplePaper({ pages: 3, title: 'Du thao 2' }), { token: f.tokens['secretary'] });
    expect(replaced.body.current).toMatchObject({ version: 2, pageCount: 3 });

    const after = await list('member1', own.id);
    expect(after.map(({ id, page, version, carriedOver, pageMissing }) => ({ id, page, version, carriedOver, pageMissing }))).toEqual([
      { id: kept.id, page: 2, version: 1, carriedOver: true, pageMissing: false },
      { id: lost.id, page: 4, version: 1, carriedOver: false, pageMissing: true },
    ]);
    expect(after[1].text).toBe('Ở trang 4 của bản 1');

    // New annotations are written on version 2, within its 3 pages.
    const refused = await t.request('POST', path(own.id), { token: f.tokens['member1'], body: { kind: 'note', page: 4, text: 'x' } });
    expectError(refused, 422, 'PAPER_PAGE_OUT_OF_RANGE');
    expect(refused.body.details).toEqual({ pageCount: 3 });
    expect(await create('member1', { kind: 'note', page: 3, text: 'Bản 2' }, own.id)).toMatchObject({ version: 2, carriedOver: false, pageMissing: false });

    // Editing a carried-over annotation does not silently re-anchor it.
    const edited = await t.request('PATCH', path(own.id, kept.id), { token: f.tokens['member1'], body: { text: 'Còn đúng không?', revision: 1 } });
    expect(edited.body).toMatchObject({ version: 1, carriedOver: true, pageMissing: false, text: 'Còn đúng không?', revision: 2 });
    expect((await list('member1', own.id)).find((a) => a.id === kept.id)).toMatchObject({ version: 1, carriedOver: true });
  });

  it('delete removes it for good', async () => {
    const note = await create('member1', { kind: 'note', page: 1, text: 'Xóa tôi' });
    const deleted = await t.request('DELETE', path(paper.id, note.id), { token: f.tokens['member1'] });
    expect({ status: deleted.status, body: deleted.body }).toEqual({ status: 204, body: null });
    expect((await list('member1')).map((a) => a.id)).not.toContain(note.id);
    expectError(await t.request('DELETE', path(paper.id, note.id), { token: f.tokens['member1'] }), 404, 'ANNOTATION_NOT_FOUND');
    expectError(await t.request('PATCH', path(paper.id, note.id), { token: f.tokens['member1'], body: { text: 'x', revision: 1 } }), 404, 'ANNOTATION_NOT_FOUND');
  });

  it('stay the member\u2019s own after the meeting closes: kept, readable, and still writable (personal notes), while the papers are fixed', async () => {
    const g = await createMeeting(t, { status: 'in_session', participants: { member1: 'member', secretary: 'secretary' } });
    const upload = await uploadPaper(t, `/api/meetings/${g.meeting.id}/agenda/${g.items[0].id}/papers`, await samplePaper({ pages: 2, title: 'Sau phien hop' }), { token: g.tokens['secretary'] });
    expect(upload.status).toBe(201);
    const own = `/api/meetings/${g.meeting.id}/papers/${upload.body.id}/annotations`;
    const before = await t.request('POST', own, { token: g.tokens['member1'], body: { kind: 'note', page: 1, text: 'Trước khi bế mạc' } });
    expect(before.status).toBe(201);
    const closed = await t.request('POST', `/api/meetings/${g.meeting.id}/status`, { token: g.tokens['secretary'], body: { status: 'closed' } });
    expect(closed.status).toBe(200);

    const after = await t.request('POST', own, { token: g.tokens['member1'], body: { kind: 'note', page: 2, text: 'Việc cần theo dõi sau phiên họp' } });
    expect(after.status).toBe(201);
    const listed = await t.request('GET', own, { token: g.tokens['member1'] });
    expect((listed.body as AnnotationResponse[]).map((a) => a.text)).toEqual(['Trước khi bế mạc', 'Việc cần theo dõi sau phiên họp']);
    // The secretariat, the only other reader of everything, still sees none of them.
    expect((await t.request('GET', own, { token: g.tokens['secretary'] })).body).toEqual([]);
    // The papers themselves no longer change.
    const replaced = await uploadPaper(t, `/api/meetings/${g.meeting.id}/papers/${upload.body.id}/versions`, await samplePaper({ pages: 1 }), { token: g.tokens['secretary'] });
    expect(replaced.status).toBe(409);
  });
});
