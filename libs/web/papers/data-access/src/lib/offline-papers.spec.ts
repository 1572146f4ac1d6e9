import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { webcrypto } from 'node:crypto';
import type { AnnotationResponse, BallotResponse, MeetingSummaryResponse, PaperResponse, UserResponse } from '@ecabinet/shared/contracts';
import { SUBTLE_CRYPTO } from '@ecabinet/web/ballots/data-access';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { PendingChanges } from '@ecabinet/web/meetings/data-access';
import { type CopyPart, OFFLINE_CLOCK, OFFLINE_PAPER_DATABASE, type DeviceSecret, type OfflinePaperDatabase, type SealedContent, type StoredPaper } from './offline-paper.database';
import { OfflinePapers } from './offline-papers';
import { MAX_OFFLINE_FAILURES } from '@ecabinet/web/identity/data-access';
import { PasswordSignIn } from './password-sign-in';
import { PdfLoader } from './pdf-loader';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-12-06T02:00:00Z');

/** The database as IndexedDB would keep it, in memory. */
class MemoryDatabase implements OfflinePaperDatabase {
  readonly secrets = new Map<string, DeviceSecret>();
  readonly rows = new Map<string, StoredPaper>();
  readonly contents = new Map<string, SealedContent>();
  async secret(userId: string) {
    return this.secrets.get(userId) ?? null;
  }
  async saveSecret(userId: string, secret: DeviceSecret) {
    this.secrets.set(userId, secret);
  }
  async users() {
    return [...this.secrets.keys()];
  }
  async entries(userId: string) {
    return [...this.rows.values()].filter((entry) => entry.userId === userId);
  }
  async put(entry: StoredPaper, content: SealedContent | null) {
    this.rows.set(entry.key, entry);
    if (content) {
      this.contents.set(entry.key, content);
      this.contents.delete(`${entry.key}#text`);
    }
  }
  async content(key: string) {
    return this.contents.get(key) ?? null;
  }
  async part(key: string, part: CopyPart) {
    return this.contents.get(`${key}#${part}`) ?? null;
  }
  async savePart(key: string, part: CopyPart, content: SealedContent) {
    this.contents.set(`${key}#${part}`, content);
  }
  async remove(keys: readonly string[]) {
    for (const key of keys) {
      this.rows.delete(key);
      this.contents.delete(key);
      this.contents.delete(`${key}#text`);
      this.contents.delete(`${key}#notes`);
    }
  }
  async forget(userId: string) {
    for (const entry of await this.entries(userId)) await this.remove([entry.key]);
    this.secrets.delete(userId);
  }
}

const meeting = (id: string, inDays: number): MeetingSummaryResponse => ({ id, title: `Phiên họp ${id}`, startsAt: new Date(NOW + inDays * 24 * HOUR).toISOString(), status: 'published', myRole: 'member' }) as MeetingSummaryResponse;
const paper = (id: string, version = 1, canDownload = true): PaperResponse =>
  ({ id, meetingId: 'm1', title: `Tờ trình ${id}`, classification: canDownload ? 'normal' : 'confidential', canDownload, current: { version } }) as PaperResponse;
/** An ArrayBuffer of this test's realm (what HttpClient's testing backend accepts). */
function pdf(text: string): ArrayBuffer {
  const bytes = new TextEncoder().encode(`%PDF-1.7 ${text}`);
  const buffer = new ArrayBuffer(bytes.length);
  new Uint8Array(buffer).set(bytes);
  return buffer;
}
const tick = () => new Promise((resolve) => setTimeout(resolve));

/** Stands in for pdf.js: a copy's "pages" are its text and a fixed page about disbursement. */
const loader = {
  opened: 0,
  async open(bytes: ArrayBuffer) {
    loader.opened++;
    return { text: new TextDecoder().decode(bytes), destroy: async () => undefined };
  },
  async pageTexts(document: { text: string }) {
    return [document.text, 'Báo cáo tiến độ Giải ngân vốn đầu tư công; giải ngân chậm ở 5 bộ.'];
  },
};

function setUp() {
  loader.opened = 0;
  const db = new MemoryDatabase();
  let now = NOW;
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: AuthStore, useValue: { user: signal({ id: 'u1', fullName: 'Lê Quang Huy' }) } },
      { provide: OFFLINE_PAPER_DATABASE, useValue: db },
      { provide: SUBTLE_CRYPTO, useValue: webcrypto.subtle },
      { provide: OFFLINE_CLOCK, useValue: () => now },
      { provide: PendingChanges, useValue: { registerNoteSender: () => undefined } },
      { provide: PdfLoader, useValue: loader },
    ],
  });
  const papers = TestBed.inject(OfflinePapers);
  const backend = TestBed.inject(HttpTestingController);
  /** Answers one sync round: the settings, the coming meetings, each meeting's papers, then each copy asked for. */
  const asked: string[] = [];
  const serve = async (meetings: MeetingSummaryResponse[], papersOf: Record<string, PaperResponse[]>, hours = 72, ballots: BallotResponse[] = [], notesOf: Record<string, AnnotationResponse[]> = {}) => {
    await tick();
    backend.expectOne('/api/config').flush({ timeZone: 'Asia/Ho_Chi_Minh', singleSignOn: false, offlineCopyHours: hours });
    backend.expectOne((request) => request.url === '/api/meetings').flush(meetings);
    backend.expectOne((request) => request.url === '/api/ballots' && request.params.get('box') === 'to-answer').flush(ballots.filter((ballot) => !ballot.mine?.answered));
    backend.expectOne((request) => request.url === '/api/ballots' && request.params.get('box') === 'answered').flush(ballots.filter((ballot) => ballot.mine?.answered));
    for (let round = 0; round < 20; round++) {
      await tick();
      for (const request of backend.match(() => true)) {
        asked.push(request.request.url);
        const list = /^\/api\/meetings\/([^/]+)\/papers$/.exec(request.request.url);
        const copy = /\/papers\/([^/]+)\/offline$/.exec(request.request.url);
        const notes = /^\/api\/meetings\/[^/]+\/papers\/([^/]+)\/annotations$/.exec(request.request.url);
        // A meeting's notes at once: every paper he may read there, with his notes on it.
        const meetingNotes = /^\/api\/meetings\/([^/]+)\/annotations$/.exec(request.request.url);
        if (meetingNotes) {
          const readable = papersOf[meetingNotes[1]];
          if (readable) request.flush(readable.map((paper) => ({ paperId: paper.id, annotations: notesOf[paper.id] ?? [] })));
          else request.flush({ code: 'MEETING_NOT_A_PARTICIPANT' }, { status: 403, statusText: 'Forbidden' });
          continue;
        }
        if (notes) {
          request.flush(notesOf[notes[1]] ?? []);
          continue;
        }
        if (copy && request.request.url.startsWith('/api/ballots/')) {
          request.flush(pdf(`ballot copy of ${copy[1]}`));
          continue;
        }
        if (list) request.flush(papersOf[list[1]] ?? [], papersOf[list[1]] ? {} : { status: 403, statusText: 'Forbidden' });
        else if (copy) request.flush(pdf(`copy of ${copy[1]}`), { headers: { 'x-paper-version': String(Object.values(papersOf).flat().find((p) => p.id === copy[1])?.current.version ?? 1) } });
      }
    }
  };
  return { papers, db, backend, serve, asked, setNow: (at: number) => (now = at) };
}

describe('OfflinePapers', () => {
  it('stores, before a meeting in the coming days, the papers the member may download: encrypted under a key that cannot be read out, readable here', async () => {
    const { papers, db, serve } = setUp();
    const synced = papers.sync();
    await serve([meeting('m1', 2), meeting('m2', 12)], { m1: [paper('p1'), paper('secret', 1, false)], m2: [paper('later')] });
    await synced;

    expect(papers.failure()).toBeNull();
    expect(papers.entries().map((entry) => [entry.paperId, entry.version, entry.pinned])).toEqual([['p1', 1, false]]);
    expect(papers.usedBytes()).toBe(pdf('copy of p1').byteLength);
    expect(papers.expiresAt()).toBe(NOW + 72 * HOUR);
    const sealed = db.contents.get('u1|m1|p1');
    expect(new TextDecoder().decode(sealed?.data)).not.toContain('copy of p1');
    const secret = db.secrets.get('u1');
    expect(secret?.key.extractable).toBe(false);
    await expect(webcrypto.subtle.exportKey('raw', secret?.key as webcrypto.CryptoKey)).rejects.toThrow();
    const read = await papers.read('m1', 'p1');
    expect(new TextDecoder().decode(read?.bytes)).toBe('%PDF-1.7 copy of p1');
    // Bytes moved under another paper's entry do not decrypt.
    db.rows.set('u1|m1|p2', { ...(db.rows.get('u1|m1|p1') as StoredPaper), key: 'u1|m1|p2', paperId: 'p2' });
    db.contents.set('u1|m1|p2', sealed as SealedContent);
    await expect(papers.read('m1', 'p2')).rejects.toThrow();
  });

  it('searches the kept copies offline, with or without marks, from their text read once when stored and kept sealed', async () => {
    const { papers, db, serve } = setUp();
    const synced = papers.sync();
    await serve([meeting('m1', 2)], { m1: [paper('p1'), paper('p2')] });
    await synced;
    expect(loader.opened).toBe(2);
    const sealedText = db.contents.get('u1|m1|p1#text');
    expect(sealedText).toBeDefined();
    expect(new TextDecoder().decode(sealedText?.data)).not.toMatch(/ngân|Giải/);

    const hits = await papers.search('giai ngan');
    expect(hits.map((hit) => [hit.paperId, hit.page, hit.score, hit.context])).toEqual([
      ['p1', 2, 2, 'Phiên họp m1'],
      ['p2', 2, 2, 'Phiên họp m1'],
    ]);
    expect(hits[0].marks.map(([from, to]) => hits[0].excerpt.slice(from, to))).toEqual(['Giải ngân', 'giải ngân']);
    await expect(papers.search('giải ngan')).resolves.toEqual([]);
    expect((await papers.search('copy of p2')).map((hit) => [hit.paperId, hit.page])).toEqual([['p2', 1]]);
    expect(loader.opened).toBe(2);

    // A copy let go of takes its text with it.
    await papers.remove(papers.entries().filter((entry) => entry.paperId === 'p1'));
    expect(db.contents.has('u1|m1|p1#text')).toBe(false);
    expect((await papers.search('giai ngan')).map((hit) => hit.paperId)).toEqual(['p2']);
  });

  it('keeps the papers of an open ballot he is asked to answer until it closes, answered or not, never a confidential one, and reads and searches them as the ballot\'s', async () => {
    const { papers, db, serve } = setUp();
    const ballot = {
      id: 'b1',
      title: 'Lấy ý kiến về dự thảo Nghị định',
      status: 'open',
      deadline: new Date(NOW + 2 * 24 * HOUR).toISOString(),
      mine: { answered: false, revision: 0, answeredAt: null, documentHash: null },
      papers: [
        { id: 'bp1', title: 'Dự thảo Nghị định', classification: 'normal', canDownload: true },
        { id: 'bp2', title: 'Phụ lục mật', classification: 'confidential', canDownload: false },
      ],
    } as unknown as BallotResponse;
    let synced = papers.sync();
    await serve([], {}, 72, [ballot]);
    await synced;
    expect(papers.entries().map((entry) => [entry.key, entry.source, entry.meetingTitle])).toEqual([['u1|ballot:b1|bp1', 'ballot', 'Lấy ý kiến về dự thảo Nghị định']]);
    expect(new TextDecoder().decode((await papers.read('b1', 'bp1', 'ballot'))?.bytes)).toBe('%PDF-1.7 ballot copy of bp1');
    await expect(papers.read('b1', 'bp1')).resolves.toBeNull();
    const hits = await papers.search('giai ngan');
    expect(hits.map((hit) => [hit.kind, hit.ballotId, hit.meetingId, hit.paperId])).toEqual([['ballot-paper', 'b1', null, 'bp1']]);

    // Answered, it stays until the deadline: he may revise his answer and reads the papers again to do so.
    synced = papers.sync();
    await serve([], {}, 72, [{ ...ballot, mine: { answered: true, revision: 1, answeredAt: new Date(NOW).toISOString(), documentHash: 'h' } } as BallotResponse]);
    await synced;
    expect(papers.entries().map((entry) => entry.key)).toEqual(['u1|ballot:b1|bp1']);

    // Closed, it is no longer his to answer: its papers go.
    synced = papers.sync();
    await serve([], {}, 72, []);
    await synced;
    expect(papers.entries()).toEqual([]);
    expect(db.contents.size).toBe(0);
  });

  it('keeps the member\'s notes on each kept paper, sealed beside the copy and refreshed at each sync', async () => {
    const { papers, db, serve, asked } = setUp();
    const note = { id: 'n1', paperId: 'p1', kind: 'note', page: 2, text: 'Hỏi Bộ Tài chính về giải ngân' } as AnnotationResponse;
    let synced = papers.sync();
    await serve([meeting('m1', 2)], { m1: [paper('p1'), paper('p2')] }, 72, [], { p1: [note] });
    await synced;
    // One request for the meeting's notes, not one per kept paper.
    expect(asked.filter((url) => url.endsWith('/annotations'))).toEqual(['/api/meetings/m1/annotations']);
    await expect(papers.keptNotes('m1', 'p2')).resolves.toEqual([]);
    expect(new TextDecoder().decode(db.contents.get('u1|m1|p1#notes')?.data)).not.toContain('Hỏi Bộ');
    await expect(papers.keptNotes('m1', 'p1')).resolves.toEqual([note]);
    await expect(papers.keptNotes('m1', 'other')).resolves.toEqual([]);
    synced = papers.sync();
    await serve([meeting('m1', 2)], { m1: [paper('p1')] }, 72, [], { p1: [] });
    await synced;
    await expect(papers.keptNotes('m1', 'p1')).resolves.toEqual([]);
  });

  it('deletes every copy and the key once the server has not been reached for the configured time, and not before', async () => {
    const { papers, db, serve, setNow } = setUp();
    const synced = papers.sync();
    await serve([meeting('m1', 1)], { m1: [paper('p1')] }, 2);
    await synced;
    setNow(NOW + 2 * HOUR - 1);
    await papers.purgeExpired();
    expect(papers.entries()).toHaveLength(1);
    setNow(NOW + 2 * HOUR);
    await papers.purgeExpired();
    expect(papers.entries()).toEqual([]);
    expect(db.contents.size).toBe(0);
    expect(db.secrets.size).toBe(0);
    expect(await papers.read('m1', 'p1')).toBeNull();
  });

  it('replaces a copy the secretariat replaced, lets go of one no longer given and of a past meeting, and keeps a pinned one', async () => {
    const { papers, serve, backend } = setUp();
    let synced = papers.sync();
    await serve([meeting('m1', 1), meeting('m2', 3)], { m1: [paper('p1'), paper('p2')], m2: [paper('p3')] });
    await synced;
    const pinning = papers.pin({ id: 'm2', title: 'Phiên họp m2' }, paper('p3'));
    await pinning;
    expect(papers.entries().map((entry) => entry.paperId).sort()).toEqual(['p1', 'p2', 'p3']);

    // p1 replaced, p2 withdrawn from him, m2 no longer coming (its pinned paper stays).
    synced = papers.sync();
    await serve([meeting('m1', 1)], { m1: [paper('p1', 2)], m2: [paper('p3')] });
    await synced;
    expect(papers.entries().map((entry) => [entry.paperId, entry.version, entry.pinned]).sort()).toEqual([
      ['p1', 2, false],
      ['p3', 1, true],
    ]);
    backend.verify();
  });

  it('stores nothing automatically when the member turned it off, and lets go of what it had stored', async () => {
    const { papers, serve } = setUp();
    let synced = papers.sync();
    await serve([meeting('m1', 1)], { m1: [paper('p1')] });
    await synced;
    const turnedOff = papers.setAuto(false);
    await serve([meeting('m1', 1)], { m1: [paper('p1')] });
    await turnedOff;
    expect(papers.entries()).toEqual([]);
    synced = papers.sync();
    await serve([meeting('m1', 1)], { m1: [paper('p1')] });
    await synced;
    expect(papers.entries()).toEqual([]);
    localStorage.clear();
  });
});

describe('PasswordSignIn', () => {
  const huy = { id: 'u1', username: 'huy.lq', fullName: 'Lê Quang Huy', roles: ['member'] } as unknown as UserResponse;

  function signInSetUp() {
    const db = new MemoryDatabase();
    let now = NOW;
    TestBed.configureTestingModule({
      providers: [
        { provide: OFFLINE_PAPER_DATABASE, useValue: db },
        { provide: SUBTLE_CRYPTO, useValue: webcrypto.subtle },
        { provide: OFFLINE_CLOCK, useValue: () => now },
      ],
    });
    return { db, signIn: TestBed.inject(PasswordSignIn), later: (ms: number) => (now += ms) };
  }

  it('opens with the password last accepted here, under the name as typed (case and spaces aside), and keeps no password', async () => {
    const { db, signIn } = signInSetUp();
    await signIn.remember('Huy.LQ', 'Mật khẩu đúng 2026', huy);
    const secret = await db.secret('u1');
    expect(secret?.key.extractable).toBe(false);
    const kept = JSON.stringify({ ...secret?.signIn, sealedUser: Buffer.from(secret?.signIn?.sealedUser ?? new ArrayBuffer(0)).toString('latin1') });
    expect(kept).not.toContain('Mật khẩu');
    expect(kept).not.toContain('huy');
    expect(kept).not.toContain('Lê Quang Huy');
    await expect(signIn.unlock(' huy.lq ', 'Mật khẩu đúng 2026')).resolves.toEqual({ user: huy });
    await expect(signIn.unlock('someone.else', 'Mật khẩu đúng 2026')).resolves.toEqual({ refused: 'unknown' });
  });

  it('keeps the key the papers are sealed under when the user signs in again', async () => {
    const { db, signIn } = signInSetUp();
    await signIn.remember('huy.lq', 'first', huy);
    const key = (await db.secret('u1'))?.key;
    await signIn.remember('huy.lq', 'second', huy);
    expect((await db.secret('u1'))?.key).toBe(key);
    await expect(signIn.unlock('huy.lq', 'first')).resolves.toEqual({ refused: 'wrong-password' });
    await expect(signIn.unlock('huy.lq', 'second')).resolves.toEqual({ user: huy });
  });

  it(`deletes what the device keeps for the user after ${MAX_OFFLINE_FAILURES} wrong passwords in a row, and counts from zero after a right one`, async () => {
    const { db, signIn } = signInSetUp();
    await signIn.remember('huy.lq', 'right', huy);
    await db.put({ key: 'u1|m1|p1', userId: 'u1' } as StoredPaper, { iv: new Uint8Array(12), data: new ArrayBuffer(8) });
    for (let attempt = 1; attempt < MAX_OFFLINE_FAILURES; attempt++) await expect(signIn.unlock('huy.lq', 'wrong')).resolves.toEqual({ refused: 'wrong-password' });
    await expect(signIn.unlock('huy.lq', 'right')).resolves.toEqual({ user: huy });
    for (let attempt = 1; attempt < MAX_OFFLINE_FAILURES; attempt++) await signIn.unlock('huy.lq', 'wrong');
    expect(db.secrets.has('u1')).toBe(true);
    await expect(signIn.unlock('huy.lq', 'wrong')).resolves.toEqual({ refused: 'locked' });
    expect(db.secrets.has('u1')).toBe(false);
    expect(db.contents.size).toBe(0);
    await expect(signIn.unlock('huy.lq', 'right')).resolves.toEqual({ refused: 'unknown' });
  }, 30_000);

  it('opens nothing once the copies have expired, and deletes them', async () => {
    const { db, signIn, later } = signInSetUp();
    await signIn.remember('huy.lq', 'right', huy);
    later(72 * HOUR);
    await expect(signIn.unlock('huy.lq', 'right')).resolves.toEqual({ refused: 'unknown' });
    expect(db.secrets.size).toBe(0);
  });
});
