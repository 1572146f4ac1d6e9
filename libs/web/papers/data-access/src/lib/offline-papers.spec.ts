import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { webcrypto } from 'node:crypto';
import type { MeetingSummaryResponse, PaperResponse } from '@ecabinet/shared/contracts';
import { SUBTLE_CRYPTO } from '@ecabinet/web/ballots/data-access';
import { AuthStore } from '@ecabinet/web/identity/data-access';
import { PendingChanges } from '@ecabinet/web/meetings/data-access';
import { OFFLINE_PAPER_DATABASE, type DeviceSecret, type OfflinePaperDatabase, type SealedContent, type StoredPaper } from './offline-paper.database';
import { OFFLINE_CLOCK, OfflinePapers } from './offline-papers';

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
    if (content) this.contents.set(entry.key, content);
  }
  async content(key: string) {
    return this.contents.get(key) ?? null;
  }
  async remove(keys: readonly string[]) {
    for (const key of keys) {
      this.rows.delete(key);
      this.contents.delete(key);
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

function setUp() {
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
    ],
  });
  const papers = TestBed.inject(OfflinePapers);
  const backend = TestBed.inject(HttpTestingController);
  /** Answers one sync round: the settings, the coming meetings, each meeting's papers, then each copy asked for. */
  const serve = async (meetings: MeetingSummaryResponse[], papersOf: Record<string, PaperResponse[]>, hours = 72) => {
    await tick();
    backend.expectOne('/api/config').flush({ timeZone: 'Asia/Ho_Chi_Minh', singleSignOn: false, offlineCopyHours: hours });
    backend.expectOne((request) => request.url === '/api/meetings').flush(meetings);
    for (let round = 0; round < 20; round++) {
      await tick();
      for (const request of backend.match(() => true)) {
        const list = /^\/api\/meetings\/([^/]+)\/papers$/.exec(request.request.url);
        const copy = /\/papers\/([^/]+)\/offline$/.exec(request.request.url);
        if (list) request.flush(papersOf[list[1]] ?? [], papersOf[list[1]] ? {} : { status: 403, statusText: 'Forbidden' });
        else if (copy) request.flush(pdf(`copy of ${copy[1]}`), { headers: { 'x-paper-version': String(Object.values(papersOf).flat().find((p) => p.id === copy[1])?.current.version ?? 1) } });
      }
    }
  };
  return { papers, db, backend, serve, setNow: (at: number) => (now = at) };
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
