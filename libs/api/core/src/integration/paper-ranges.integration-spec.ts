import type { BallotPaperResponse, BallotResponse, PaperResponse } from '@ecabinet/shared/contracts';
import { samplePaper, qpdfCheck } from '@ecabinet/api/papers/testing';
import { createMeeting, fetchBytes, rawSql, startTestApp, testDatabaseDriver, uploadPaper, userIds, type TestApp } from '../testing';

/**
 * A member's copy read by ranges (issue #14: the reader shows the first page before the whole
 * file has arrived): the copy opened once, then fetched part by part by its trace code, the same
 * bytes as the whole copy, with no new copy made, and only for its reader.
 */
describe(`a paper read by ranges (${testDatabaseDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const get = (path: string, token: string, range?: string) => fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...(range ? { range } : {}) } });
  const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());

  it('opens a copy with its first part, then gives the same copy part by part, whole, and from its end; no new copy, and no one else', async () => {
    const f = await createMeeting(t);
    const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper({ pages: 40, title: 'Bao cao dai' }), {
      token: f.tokens['secretary'],
      fileName: 'bao-cao.pdf',
      fields: { title: 'Báo cáo dài' },
    });
    expect(upload.status).toBe(201);
    const paper = upload.body as PaperResponse;
    const path = `/api/meetings/${f.meeting.id}/papers/${paper.id}/view`;
    const member = f.tokens['member1'];
    const traces = async () => (await rawSql(t.config.database, `SELECT code FROM paper_traces WHERE paper_id = '${paper.id}'`)).length;

    // The first part opens a copy: 206, its size, its trace code.
    const opened = await get(path, member, 'bytes=0-1023');
    expect(opened.status).toBe(206);
    expect(opened.headers.get('accept-ranges')).toBe('bytes');
    const [, total] = /^bytes 0-1023\/(\d+)$/.exec(opened.headers.get('content-range') ?? '') ?? [];
    const length = Number(total);
    expect(length).toBeGreaterThan(paper.current.sizeBytes);
    const code = opened.headers.get('x-trace-code') ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const head = await bytesOf(opened);
    expect(head).toHaveLength(1024);
    expect(await traces()).toBe(1);

    // The same copy whole, and in parts of 16 KiB (one crossing from the stored file into the watermark update): the same bytes.
    const whole = await fetchBytes(t, `${path}?trace=${code}`, member);
    expect(whole.status).toBe(200);
    expect(whole.bytes).toHaveLength(length);
    expect(whole.bytes.subarray(0, 1024).equals(head)).toBe(true);
    expect(qpdfCheck(whole.bytes).status).toBe(0);
    const parts: Buffer[] = [];
    for (let start = 0; start < length; start += 16_384) {
      const part = await get(`${path}?trace=${code}`, member, `bytes=${start}-${start + 16_383}`);
      expect(part.status).toBe(206);
      parts.push(await bytesOf(part));
    }
    expect(Buffer.concat(parts).equals(whole.bytes)).toBe(true);
    // Named to be read first: what the first page needs, ascending; among it the original's
    // cross-reference (which the copy's own points back to) and the watermark update's end (its
    // new page tree, the first page, and the pages of the last leaf, which a reader checks).
    const readFirst = (opened.headers.get('x-copy-read-first') ?? '').split(',').map((range) => range.split('-').map(Number));
    expect(readFirst.length).toBeGreaterThan(1);
    expect(readFirst.every(([from, to], i) => from <= to && (i === 0 || from > readFirst[i - 1][1]))).toBe(true);
    const original = whole.bytes.subarray(0, paper.current.sizeBytes).toString('latin1');
    const xrefAt = original.lastIndexOf('\nxref') + 1;
    expect(readFirst.some(([from, to]) => from <= xrefAt && to >= xrefAt + 4)).toBe(true);
    const [lastFrom, lastTo] = readFirst[readFirst.length - 1];
    expect([lastFrom > paper.current.sizeBytes, lastTo]).toEqual([true, length - 1]);
    // Not the whole copy by another name: the other 39 pages' own objects are left for later.
    expect(readFirst.reduce((sum, [from, to]) => sum + to - from + 1, 0)).toBeLessThan(length * 0.8);
    const across = await get(`${path}?trace=${code}`, member, `bytes=${paper.current.sizeBytes - 10}-${paper.current.sizeBytes + 9}`);
    expect((await bytesOf(across)).equals(whole.bytes.subarray(paper.current.sizeBytes - 10, paper.current.sizeBytes + 10))).toBe(true);
    const tail = await get(`${path}?trace=${code}`, member, 'bytes=-100');
    expect(tail.headers.get('content-range')).toBe(`bytes ${length - 100}-${length - 1}/${length}`);
    expect((await bytesOf(tail)).equals(whole.bytes.subarray(length - 100))).toBe(true);
    expect(await traces()).toBe(1);

    // Past the end: 416 with the size; several ranges at once: the whole copy.
    const past = await get(`${path}?trace=${code}`, member, `bytes=${length}-`);
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${length}`);
    expect((await get(`${path}?trace=${code}`, member, 'bytes=0-9,20-29')).status).toBe(200);

    // The code is the reader's own: another member gets no copy of it, and a code that is not one is refused.
    const other = await fetchBytes(t, `${path}?trace=${code}`, f.tokens['member2']);
    expect([other.status, other.body.code]).toEqual([404, 'TRACE_NOT_FOUND']);
    expect((await fetchBytes(t, `${path}?trace=${encodeURIComponent('<script>')}`, member)).status).toBe(400);
    expect(await traces()).toBe(1);
  });

  /** Opens a copy with its first part, then reads it whole and by parts with its trace code: the same bytes, one trace. */
  async function readByParts(path: string, token: string, traceWhere: string): Promise<{ code: string; whole: Buffer }> {
    const traces = async () => (await rawSql(t.config.database, `SELECT code FROM paper_traces WHERE ${traceWhere}`)).length;
    const before = await traces();
    const opened = await get(path, token, 'bytes=0-2047');
    expect(opened.status).toBe(206);
    const length = Number(/\/(\d+)$/.exec(opened.headers.get('content-range') ?? '')?.[1]);
    const code = opened.headers.get('x-trace-code') ?? '';
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const head = await bytesOf(opened);
    const whole = await fetchBytes(t, `${path}?trace=${code}`, token);
    expect([whole.status, whole.bytes.length]).toEqual([200, length]);
    expect(whole.bytes.subarray(0, 2048).equals(head)).toBe(true);
    expect(qpdfCheck(whole.bytes).status).toBe(0);
    const parts: Buffer[] = [];
    for (let start = 0; start < length; start += 65_536) parts.push(await bytesOf(await get(`${path}?trace=${code}`, token, `bytes=${start}-${start + 65_535}`)));
    expect(Buffer.concat(parts).equals(whole.bytes)).toBe(true);
    expect(await traces()).toBe(before + 1);
    return { code, whole: whole.bytes };
  }

  it('the meeting book and a ballot’s paper are read by ranges too, each copy by its own reader only', async () => {
    const f = await createMeeting(t);
    const upload = await uploadPaper(t, `/api/meetings/${f.meeting.id}/agenda/${f.items[0].id}/papers`, await samplePaper({ pages: 12, title: 'Bao cao' }), { token: f.tokens['secretary'], fileName: 'bao-cao.pdf' });
    expect(upload.status).toBe(201);
    const book = `/api/meetings/${f.meeting.id}/book/view`;
    // The book is compiled in the background after the upload: the first view waits for it.
    const { code: bookCode } = await readByParts(book, f.tokens['member1'], `meeting_id = '${f.meeting.id}' AND kind = 'book'`);
    const other = await fetchBytes(t, `${book}?trace=${bookCode}`, f.tokens['member2']);
    expect([other.status, other.body.code]).toEqual([404, 'TRACE_NOT_FOUND']);

    const ids = await userIds(t);
    const created = await t.request('POST', '/api/ballots', {
      token: f.tokens['secretary'],
      body: { title: 'Phiếu lấy ý kiến về dự thảo Nghị định', summary: 'Kèm dự thảo.', questions: [{ text: 'Tán thành dự thảo?' }], recipientIds: [ids['member1']], deadline: new Date(Date.now() + 48 * 3_600_000).toISOString() },
    });
    expect(created.status).toBe(201);
    const ballot = created.body as BallotResponse;
    const attached = await uploadPaper(t, `/api/ballots/${ballot.id}/papers`, await samplePaper({ pages: 8, title: 'Du thao' }), { token: f.tokens['secretary'], fileName: 'du-thao.pdf' });
    expect(attached.status).toBe(201);
    const paper = attached.body as BallotPaperResponse;
    const path = `/api/ballots/${ballot.id}/papers/${paper.id}/view`;
    const { code } = await readByParts(path, f.tokens['secretary'], `paper_id = '${paper.id}'`);
    // A code of another paper's copy, or not a code: refused.
    expect((await fetchBytes(t, `${path}?trace=${bookCode}`, f.tokens['secretary'])).body.code).toBe('TRACE_NOT_FOUND');
    expect((await fetchBytes(t, `${path}?trace=${encodeURIComponent('<script>')}`, f.tokens['secretary'])).status).toBe(400);
    // Before the ballot is issued, a recipient sees neither it nor this copy.
    expect((await fetchBytes(t, `${path}?trace=${code}`, f.tokens['member1'])).status).toBe(404);
  });
});
