import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntryResponse, BookProgress, MeetingEvent, PaperResponse } from '@ecabinet/shared/contracts';
import { badPapers, breakXref, emptyPages, encryptWithQpdf, flateBomb, pdfOutline, pdfText, qpdfCheck, realWorldCorpus, samplePaper, viewersOpen } from '@ecabinet/api/papers/testing';
import { connectLive, createMeeting, fetchBytes, joinMeeting, rawSql, startTestApp, testDatabaseDriver, uploadPaper, waitForSeq, type MeetingFixture, type TestApp } from '../testing';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under a directory, recursively (the file store, the temporary uploads). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe(`meeting papers (${testDatabaseDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    // A small upload limit, so that "too large" needs no 100 MB file.
    t = await startTestApp({ env: { PAPER_MAX_BYTES: '1000000' } });
  });
  afterAll(() => t.close());

  const papersPath = (f: MeetingFixture, item = 0) => `/api/meetings/${f.meeting.id}/agenda/${f.items[item].id}/papers`;

  async function addPaper(f: MeetingFixture, bytes: Buffer, fields: Record<string, string> = {}, item = 0): Promise<PaperResponse> {
    const response = await uploadPaper(t, papersPath(f, item), bytes, { token: f.tokens['secretary'], fileName: 'to-trinh.pdf', fields });
    if (response.status !== 201) throw new Error(`upload: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as PaperResponse;
  }

  describe('upload', () => {
    it('decides the type by content, records pages, size and SHA-256, and stores the file once under its hash', async () => {
      const f = await createMeeting(t);
      const bytes = await samplePaper({ pages: 3, title: 'To trinh du an' });
      const response = await uploadPaper(t, papersPath(f), bytes, { token: f.tokens['secretary'], fileName: 'Tờ trình.docx', fields: { title: 'Tờ trình dự án Luật' } });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        title: 'Tờ trình dự án Luật',
        classification: 'normal',
        itemId: f.items[0].id,
        current: { version: 1, pageCount: 3, sizeBytes: bytes.length, sha256: sha256(bytes), fileName: 'Tờ trình.docx' },
      });
      const stored = filesUnder(join(t.config.dataDir, 'files', 'papers'));
      expect(stored.filter((path) => path.endsWith(`${sha256(bytes)}.pdf`))).toHaveLength(1);

      // The same bytes again: a second paper, one stored file.
      await addPaper(f, bytes, { title: 'Bản sao' });
      expect(filesUnder(join(t.config.dataDir, 'files', 'papers')).filter((path) => path.includes(sha256(bytes)))).toHaveLength(1);

      const html = await uploadPaper(t, papersPath(f), Buffer.from('<html><body>not a pdf</body></html>'), { token: f.tokens['secretary'], fileName: 'to-trinh.pdf' });
      expect(html.status).toBe(422);
      expect(html.body.code).toBe('NOT_A_PDF');
    });

    it('refuses damaged, encrypted, oversized and over-long files with a clear code, and keeps nothing of them', async () => {
      const f = await createMeeting(t);
      // Papers only: meeting books of earlier tests may be compiling in the background meanwhile.
      const before = filesUnder(join(t.config.dataDir, 'files', 'papers'));
      const bad = await badPapers();
      const cases: [string, Buffer, number, string, RegExp][] = [
        ['empty', bad.empty, 422, 'NOT_A_PDF', /empty/],
        ['html named .pdf', bad.html, 422, 'NOT_A_PDF', /not a PDF/],
        ['truncated', bad.truncated, 422, 'PDF_DAMAGED', /damaged/],
        ['garbage after the header', bad.garbage, 422, 'PDF_DAMAGED', /damaged/],
        ['needs a password to open', bad.encrypted, 422, 'PDF_ENCRYPTED', /needs a password to open/],
        ['a stream inflating to 300 MiB', await flateBomb(300), 422, 'PDF_TOO_COMPLEX', /expands to more than 256 MB/],
        ['10,000 empty pages', emptyPages(10_000), 422, 'PDF_TOO_COMPLEX', /at most 5000 pages/],
        ['over the size limit', Buffer.concat([await samplePaper(), Buffer.alloc(1_100_000, 0x20)]), 413, 'PDF_TOO_LARGE', /larger than the 1 MB allowed/],
      ];
      for (const [what, bytes, status, code, message] of cases) {
        const response = await uploadPaper(t, papersPath(f), bytes, { token: f.tokens['secretary'], fileName: 'to-trinh.pdf' });
        expect({ what, status: response.status, code: response.body.code }).toEqual({ what, status, code });
        expect(response.body.message).toMatch(message);
      }
      expect(filesUnder(join(t.config.dataDir, 'files', 'papers'))).toEqual(before);
      expect(filesUnder(join(t.config.dataDir, 'tmp')).filter((path) => path.includes('upload-'))).toEqual([]);
      const refusedHashes = cases.map(([, bytes]) => sha256(bytes));
      expect(filesUnder(join(t.config.dataDir, 'files')).filter((path) => refusedHashes.some((hash) => path.includes(hash)))).toEqual([]);
      expect((await t.request('GET', `/api/meetings/${f.meeting.id}/papers`, { token: f.tokens['secretary'] })).body).toEqual([]);
      const admin = await t.loginAs('admin');
      const refused = await t.request('GET', '/api/audit?action=paper.upload.refused&limit=100', { token: admin.accessToken });
      const reasons = (refused.body.items as AuditEntryResponse[]).filter((e) => e.targetId === f.meeting.id).map((e) => e.details?.['reason']);
      expect(reasons.sort()).toEqual(['damaged', 'damaged', 'encrypted', 'not-pdf', 'not-pdf', 'oversized-stream', 'too-complex']);
    });

    it('refuses a request without a file, a non-multipart body and bad fields', async () => {
      const f = await createMeeting(t);
      const noFile = new FormData();
      noFile.append('title', 'x');
      const response = await fetch(`${t.url}${papersPath(f)}`, { method: 'POST', body: noFile, headers: { authorization: `Bearer ${f.tokens['secretary']}` } });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { code: string }).code).toBe('PAPER_FILE_MISSING');
      const json = await t.request('POST', papersPath(f), { token: f.tokens['secretary'], body: { title: 'x' } });
      expect(json.status).toBe(415);
      const badField = await uploadPaper(t, papersPath(f), await samplePaper(), { token: f.tokens['secretary'], fields: { classification: 'secret' } });
      expect(badField.status).toBe(400);
      expect(badField.body.details).toEqual([expect.objectContaining({ field: 'classification' })]);
      const outsider = await uploadPaper(t, papersPath(f), await samplePaper(), { token: f.tokens['secretary'], fields: { classification: 'restricted', readerIds: JSON.stringify([f.ids['member1'], f.ids['admin']]) } });
      expect(outsider.status).toBe(400);
      expect(outsider.body).toMatchObject({ code: 'PAPER_INVALID_READERS', details: { userIds: [f.ids['admin']] } });
    });
  });

  describe('real-world PDFs', () => {
    const sql = (query: string) => (t.config.database.driver === 'postgres' ? query : query.replace(/\$\d+/g, '?'));

    it('repairs a damaged upload on the way in: copies are made from the repaired file, the bytes received are kept as evidence, and the audit says so', async () => {
      const f = await createMeeting(t);
      const damaged = breakXref(await samplePaper({ pages: 3, title: 'Cong van so tai chinh' }));
      const response = await uploadPaper(t, papersPath(f), damaged, { token: f.tokens['secretary'], fileName: 'cong-van.pdf' });
      expect(response.status).toBe(201);
      const paper = response.body as PaperResponse;
      expect(paper.current).toMatchObject({ pageCount: 3, repaired: true, decrypted: false });
      expect(paper.current.sha256).not.toBe(sha256(damaged));
      const [row] = (await rawSql(t.config.database, sql('SELECT sha256, size_bytes, received_sha256, received_size_bytes FROM paper_versions WHERE paper_id = $1'), [paper.id])) as Record<string, unknown>[];
      expect(row).toMatchObject({ sha256: paper.current.sha256, received_sha256: sha256(damaged) });
      expect(Number(row['received_size_bytes'])).toBe(damaged.length);
      // Both files are stored: the repaired one copies are made from, the one received as evidence.
      const files = filesUnder(join(t.config.dataDir, 'files'));
      expect(files.filter((path) => path.endsWith(`papers/${paper.current.sha256.slice(0, 2)}/${paper.current.sha256}.pdf`))).toHaveLength(1);
      expect(files.filter((path) => path.endsWith(`received/${sha256(damaged).slice(0, 2)}/${sha256(damaged)}.pdf`))).toHaveLength(1);
      expect(filesUnder(join(t.config.dataDir, 'tmp')).filter((path) => path.includes('upload-'))).toEqual([]);
      // A member's copy is the repaired file plus the watermark, and opens cleanly.
      const copy = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/view`, f.tokens['member1']);
      expect(copy.status).toBe(200);
      expect(qpdfCheck(copy.bytes).status).toBe(0);
      expect(pdfText(copy.bytes, { first: 3, last: 3 })).toContain('Cong van so tai chinh - page 3');
      const admin = await t.loginAs('admin');
      const uploaded = ((await t.request('GET', '/api/audit?action=paper.uploaded&limit=200', { token: admin.accessToken })).body.items as AuditEntryResponse[]).find((e) => e.targetId === paper.id);
      expect(uploaded?.details).toMatchObject({ repaired: true, decrypted: false, receivedSha256: sha256(damaged), receivedSizeBytes: damaged.length });

      // The secretariat may download the bytes as received, unchanged and audited; nobody else may.
      const received = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/received`, f.tokens['secretary']);
      expect(received.status).toBe(200);
      expect(received.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(received.bytes.equals(damaged)).toBe(true);
      for (const who of ['member1', 'chair', 'observer']) {
        expect({ who, status: (await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/received`, f.tokens[who])).status }).toEqual({ who, status: 403 });
      }
      const evidence = ((await t.request('GET', '/api/audit?action=paper.received.downloaded&limit=200', { token: admin.accessToken })).body.items as AuditEntryResponse[]).filter((e) => e.targetId === paper.id);
      expect(evidence).toEqual([expect.objectContaining({ actorUsername: 'secretary', details: expect.objectContaining({ version: 1, sha256: sha256(damaged), repaired: true }) })]);
      // A version taken in as it was: the bytes received are the stored file.
      const clean = await samplePaper({ pages: 1, title: 'Sach' });
      const cleanPaper = await addPaper(f, clean);
      expect((await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${cleanPaper.id}/received`, f.tokens['secretary'])).bytes.equals(clean)).toBe(true);
    });

    it('decrypts a file with an owner password only, and refuses one that needs a password to open with words that say so', async () => {
      const f = await createMeeting(t);
      const owner = await encryptWithQpdf(await samplePaper({ pages: 2, title: 'Bo xuat ban' }), '', 'bo-chu-quan', '128', ['--use-aes=n']);
      const response = await uploadPaper(t, papersPath(f), owner, { token: f.tokens['secretary'] });
      expect(response.status).toBe(201);
      expect(response.body.current).toMatchObject({ pageCount: 2, decrypted: true, repaired: false });
      const copy = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${response.body.id}/view`, f.tokens['member1']);
      expect(pdfText(copy.bytes)).toContain('Bo xuat ban - page 2');

      const user = await encryptWithQpdf(await samplePaper(), 'mat-khau', 'owner', '256');
      const refused = await uploadPaper(t, papersPath(f), user, { token: f.tokens['secretary'] });
      expect({ status: refused.status, code: refused.body.code, details: refused.body.details }).toEqual({ status: 422, code: 'PDF_ENCRYPTED', details: { reason: 'user-password' } });
      expect(refused.body.message).toMatch(/needs a password to open/);
    });

    it('repairs a new version too (junk before the header, shifted offsets), and the versions say which was repaired', async () => {
      const f = await createMeeting(t);
      const first = await addPaper(f, await samplePaper({ title: 'Mot' }));
      const damaged = Buffer.concat([Buffer.from('%%junk from a mail gateway\r\n'), breakXref(await samplePaper({ title: 'Hai', pages: 2 }))]);
      const replaced = await uploadPaper(t, `/api/meetings/${f.meeting.id}/papers/${first.id}/versions`, damaged, { token: f.tokens['secretary'] });
      expect(replaced.status).toBe(201);
      expect(replaced.body.current).toMatchObject({ version: 2, pageCount: 2, repaired: true });
      expect(replaced.body.versions.map((v: { version: number; repaired: boolean }) => [v.version, v.repaired])).toEqual([[2, true], [1, false]]);
    });

    it('accepts every corpus file that qpdf or poppler opens, refuses bombs and password-protected files, and stores nothing of a refused one', async () => {
      const f = await createMeeting(t);
      const outcomes: { name: string; expected: string; status: number; code?: string; opens: boolean | null; onPurpose: boolean }[] = [];
      for (const file of await realWorldCorpus()) {
        const response = await uploadPaper(t, papersPath(f), file.bytes, { token: f.tokens['secretary'], fileName: 'tai-lieu.pdf' });
        outcomes.push({ name: file.name, expected: file.expected, status: response.status, code: response.body.code, opens: file.expected === 'oversized-stream' ? null : viewersOpen(file.bytes), onPurpose: Boolean(file.refusedOnPurpose) });
      }
      const codes: Record<string, [number, string | undefined]> = {
        accepted: [201, undefined],
        repaired: [201, undefined],
        decrypted: [201, undefined],
        encrypted: [422, 'PDF_ENCRYPTED'],
        damaged: [422, 'PDF_DAMAGED'],
        'not-pdf': [422, 'NOT_A_PDF'],
        'oversized-stream': [422, 'PDF_TOO_COMPLEX'],
      };
      expect(outcomes.map(({ name, status, code }) => ({ name, status, code }))).toEqual(outcomes.map(({ name, expected }) => ({ name, status: codes[expected][0], code: codes[expected][1] })));
      expect(outcomes.filter((o) => o.opens && !o.onPurpose && o.status !== 201)).toEqual([]);
      const refusedHashes = (await realWorldCorpus()).filter((file) => codes[file.expected][0] !== 201).map((file) => sha256(file.bytes));
      expect(filesUnder(join(t.config.dataDir, 'files')).filter((path) => refusedHashes.some((hash) => path.includes(hash)))).toEqual([]);
      expect(filesUnder(join(t.config.dataDir, 'tmp')).filter((path) => path.includes('upload-'))).toEqual([]);
    });
  });

  describe('versions', () => {
    it('a new version is announced live, earlier versions stay readable to the secretariat only, and members see what changed since they read', async () => {
      const f = await createMeeting(t);
      const paper = await addPaper(f, await samplePaper({ title: 'Version one' }));
      const member = f.tokens['member1'];
      expect((await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/view`, member)).status).toBe(200);

      const socket = await connectLive(t.url, member);
      const joined = await joinMeeting(socket, f.meeting.id);
      const seq = 'seq' in joined ? joined.seq : -1;
      const replaced = await uploadPaper(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/versions`, await samplePaper({ title: 'Version two', pages: 5 }), { token: f.tokens['secretary'] });
      expect(replaced.status).toBe(201);
      expect(replaced.body.current).toMatchObject({ version: 2, pageCount: 5 });
      const event = (await waitForSeq(socket, seq + 1)) as Extract<MeetingEvent, { kind: 'papers' }>;
      expect(event).toMatchObject({ kind: 'papers', data: { paperId: paper.id, itemId: f.items[0].id, version: 2, change: 'replaced' } });
      expect(JSON.stringify(event.data)).not.toContain('Version');
      socket.disconnect();

      const asMember = (await t.request('GET', `/api/meetings/${f.meeting.id}/papers/${paper.id}`, { token: member })).body as PaperResponse;
      expect(asMember).toMatchObject({ current: { version: 2 }, versions: null, readerIds: null, myLastReadVersion: 1, changedSinceRead: true });
      const asSecretary = (await t.request('GET', `/api/meetings/${f.meeting.id}/papers/${paper.id}`, { token: f.tokens['secretary'] })).body as PaperResponse;
      expect(asSecretary.versions?.map((v) => v.version)).toEqual([2, 1]);

      const old = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/view?version=1`, f.tokens['secretary']);
      expect(old.status).toBe(200);
      expect(pdfText(old.bytes)).toContain('Version one - page 1');
      const refused = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/view?version=1`, member);
      expect(refused.status).toBe(403);
      const current = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/view`, member);
      expect(pdfText(current.bytes)).toContain('Version two - page 5');
      const reread = (await t.request('GET', `/api/meetings/${f.meeting.id}/papers/${paper.id}`, { token: member })).body as PaperResponse;
      expect(reread).toMatchObject({ myLastReadVersion: 2, changedSinceRead: false });
    });

    it('edits of title, classification and readers carry the revision the editor saw', async () => {
      const f = await createMeeting(t);
      const paper = await addPaper(f, await samplePaper());
      const path = `/api/meetings/${f.meeting.id}/papers/${paper.id}`;
      const first = await t.request('PATCH', path, { token: f.tokens['secretary'], body: { classification: 'restricted', readerIds: [f.ids['member1']], revision: 1 } });
      expect(first.body).toMatchObject({ classification: 'restricted', readerIds: [f.ids['member1']], revision: 2 });
      const stale = await t.request('PATCH', path, { token: f.tokens['secretary'], body: { title: 'Late', revision: 1 } });
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ code: 'STALE_VERSION', details: { revision: 2 } });
    });
  });

  describe('who may not read', () => {
    let f: MeetingFixture;
    let other: MeetingFixture;
    const ids: Record<'normal' | 'restricted' | 'confidential' | 'excluded', string> = { normal: '', restricted: '', confidential: '', excluded: '' };

    beforeAll(async () => {
      f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', member2: 'member', observer: 'observer', secretary: 'secretary' } });
      other = await createMeeting(t, { participants: { chair: 'chair', member3: 'member', secretary: 'secretary' } });
      const paper = async (title: string, fields: Record<string, string> = {}, item = 0) => (await addPaper(f, await samplePaper({ title }), { title, ...fields }, item)).id;
      ids.normal = await paper('Normal paper');
      ids.restricted = await paper('Restricted paper', { classification: 'restricted', readerIds: `${f.ids['member1']},${f.ids['chair']}` });
      ids.confidential = await paper('Confidential paper', { classification: 'confidential', readerIds: JSON.stringify([f.ids['member1']]) });
      ids.excluded = await paper('Conflict paper', {}, 1);
      const excluded = await t.request('PUT', `/api/meetings/${f.meeting.id}/agenda/${f.items[1].id}/exclusions`, { token: f.tokens['secretary'], body: { userIds: [f.ids['member2']] } });
      expect(excluded.body).toEqual({ itemId: f.items[1].id, userIds: [f.ids['member2']] });
    });

    const listed = async (token: string) => ((await t.request('GET', `/api/meetings/${f.meeting.id}/papers`, { token })).body as PaperResponse[]).map((p) => p.title).sort();
    const view = (paperId: string, token?: string, kind = 'view') => fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paperId}/${kind}`, token);

    it('a logged-out caller reads nothing', async () => {
      for (const path of [`/api/meetings/${f.meeting.id}/papers`, `/api/meetings/${f.meeting.id}/papers/${ids.normal}/view`, `/api/meetings/${f.meeting.id}/papers/${ids.normal}/download`, `/api/meetings/${f.meeting.id}/book/view`]) {
        const response = await fetchBytes(t, path);
        expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status: 401, code: 'UNAUTHENTICATED' });
      }
    });

    it('a member of another meeting reads nothing of this one', async () => {
      const token = other.tokens['member3'];
      expect((await t.request('GET', `/api/meetings/${f.meeting.id}/papers`, { token })).status).toBe(403);
      for (const paperId of Object.values(ids)) {
        const response = await view(paperId, token);
        expect(response.status).toBe(403);
        expect(response.body.code).toBe('MEETING_NOT_A_PARTICIPANT');
      }
      expect((await fetchBytes(t, `/api/meetings/${f.meeting.id}/book/view`, token)).status).toBe(403);
      // Nor through the other meeting's address.
      expect((await fetchBytes(t, `/api/meetings/${other.meeting.id}/papers/${ids.normal}/view`, token)).status).toBe(404);
    });

    it('an observer reads normal papers but not a restricted or confidential one that does not name them', async () => {
      const token = f.tokens['observer'];
      expect(await listed(token)).toEqual(['Conflict paper', 'Normal paper']);
      expect((await view(ids.normal, token)).status).toBe(200);
      for (const paperId of [ids.restricted, ids.confidential]) {
        for (const kind of ['view', 'download']) {
          const response = await view(paperId, token, kind);
          expect(response.status).toBe(403);
          expect(response.body.code).toBe('PAPER_NOT_A_READER');
        }
        expect((await t.request('GET', `/api/meetings/${f.meeting.id}/papers/${paperId}`, { token })).status).toBe(403);
      }
    });

    it('a participant excluded from an item reads none of its papers', async () => {
      const token = f.tokens['member2'];
      expect(await listed(token)).toEqual(['Normal paper']);
      expect((await view(ids.excluded, token)).status).toBe(403);
    });

    it('a named reader reads a confidential paper in the app but may not download it', async () => {
      const token = f.tokens['member1'];
      expect(await listed(token)).toEqual(['Confidential paper', 'Conflict paper', 'Normal paper', 'Restricted paper']);
      expect((await view(ids.restricted, token, 'download')).status).toBe(200);
      expect((await view(ids.confidential, token)).status).toBe(200);
      const download = await view(ids.confidential, token, 'download');
      expect(download.status).toBe(403);
      expect(download.body.code).toBe('PAPER_DOWNLOAD_FORBIDDEN');
      const listedPaper = ((await t.request('GET', `/api/meetings/${f.meeting.id}/papers`, { token })).body as PaperResponse[]).find((p) => p.id === ids.confidential);
      expect(listedPaper?.canDownload).toBe(false);
    });

    it('a copy kept on the device to read offline: only a paper the member may download, his own watermarked copy, audited as stored, not counted as read', async () => {
      const token = f.tokens['member1'];
      const myRead = async () => ((await t.request('GET', `/api/meetings/${f.meeting.id}/papers/${ids.normal}`, { token })).body as PaperResponse).myLastReadVersion;
      expect(await myRead()).toBeNull();
      const stored = await fetch(`${t.url}/api/meetings/${f.meeting.id}/papers/${ids.normal}/offline`, { headers: { authorization: `Bearer ${token}` } });
      expect(stored.status).toBe(200);
      expect(stored.headers.get('x-paper-version')).toBe('1');
      expect(stored.headers.get('cache-control')).toBe('private, no-store');
      const code = stored.headers.get('x-trace-code') ?? '';
      const bytes = Buffer.from(await stored.arrayBuffer());
      expect(qpdfCheck(bytes).status).toBe(0);
      expect(await pdfText(bytes)).toContain('Normal paper - page 1');
      expect(await myRead()).toBeNull();
      const [trace] = await rawSql(t.config.database, `SELECT purpose, user_id FROM paper_traces WHERE code = '${code.replace('-', '')}'`);
      expect(trace).toEqual({ purpose: 'offline', user_id: f.ids['member1'] });
      const admin = await t.loginAs('admin');
      const audited = ((await t.request('GET', '/api/audit?action=paper.stored-offline&limit=200', { token: admin.accessToken })).body.items as AuditEntryResponse[]).filter((e) => e.targetId === ids.normal);
      expect(audited.map((e) => e.details?.['traceCode'])).toEqual([code]);

      // Who may not: a confidential paper (read in the app only), an excluded member, a reader not named, another meeting's member, no one signed in.
      const offline = (paperId: string, who?: string) => view(paperId, who ? f.tokens[who] ?? other.tokens[who] : undefined, 'offline');
      const refusals = [
        [await offline(ids.confidential, 'member1'), 403, 'PAPER_DOWNLOAD_FORBIDDEN'],
        [await offline(ids.excluded, 'member2'), 403, 'PAPER_NOT_A_READER'],
        [await offline(ids.restricted, 'observer'), 403, 'PAPER_NOT_A_READER'],
        [await offline(ids.normal, 'member3'), 403, 'MEETING_NOT_A_PARTICIPANT'],
        [await offline(ids.normal), 401, 'UNAUTHENTICATED'],
      ] as const;
      expect(refusals.map(([response]) => [response.status, response.body.code])).toEqual(refusals.map(([, status, code]) => [status, code]));
    });

    it('each member’s meeting book leaves out what they may not read', async () => {
      const book = async (username: string, kind = 'view') => pdfText((await fetchBytes(t, `/api/meetings/${f.meeting.id}/book/${kind}`, f.tokens[username])).bytes);
      const member1 = await book('member1');
      for (const title of ['Normal paper', 'Restricted paper', 'Confidential paper', 'Conflict paper']) expect(member1).toContain(`${title} - page 1`);
      const member1Download = await book('member1', 'download');
      expect(member1Download).toContain('Restricted paper - page 1');
      expect(member1Download).not.toContain('Confidential paper');
      const member2 = await book('member2');
      expect(member2).toContain('Normal paper - page 1');
      for (const title of ['Restricted paper', 'Confidential paper', 'Conflict paper']) expect(member2).not.toContain(title);
      const observer = await book('observer');
      expect(observer).not.toContain('Restricted paper');
      expect(observer).toContain('Conflict paper - page 1');
    });

    it('hides a draft meeting’s papers from everyone but the secretariat', async () => {
      const draft = await createMeeting(t, { status: 'draft', participants: { member1: 'member', secretary: 'secretary' } });
      const paper = await addPaper(draft, await samplePaper());
      expect((await fetchBytes(t, `/api/meetings/${draft.meeting.id}/papers/${paper.id}/view`, draft.tokens['member1'])).status).toBe(404);
      expect((await fetchBytes(t, `/api/meetings/${draft.meeting.id}/papers/${paper.id}/view`, draft.tokens['secretary'])).status).toBe(200);
    });
  });

  describe('the member’s copy', () => {
    it('is the original plus an incremental update watermarked with the reader’s name, time and trace code; every view and download is audited', async () => {
      const f = await createMeeting(t);
      const original = await samplePaper({ pages: 4, title: 'Ban du thao', objectStreams: true });
      const paper = await addPaper(f, original);
      const copy = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/view`, f.tokens['member1']);
      expect(copy.status).toBe(200);
      expect(copy.headers.get('content-type')).toBe('application/pdf');
      expect(copy.headers.get('content-disposition')).toMatch(/^inline; filename="to-trinh\.pdf"|^inline; filename=/);
      expect(copy.headers.get('cache-control')).toBe('private, no-store');
      expect(Number(copy.headers.get('content-length'))).toBe(copy.bytes.length);
      expect(copy.bytes.subarray(0, original.length).equals(original)).toBe(true);
      expect(qpdfCheck(copy.bytes).status).toBe(0);
      const code = copy.headers.get('x-trace-code') as string;
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      for (let page = 1; page <= 4; page++) {
        const text = pdfText(copy.bytes, { first: page, last: page });
        expect(text).toContain('Lê Quang Huy');
        expect(text).toContain(code);
      }

      const download = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/download`, f.tokens['member2']);
      expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(pdfText(download.bytes)).toContain('Phạm Thị Lan');
      expect(download.headers.get('x-trace-code')).not.toBe(code);

      const admin = await t.loginAs('admin');
      const audit = async (action: string) =>
        ((await t.request('GET', `/api/audit?action=${action}&limit=200`, { token: admin.accessToken })).body.items as AuditEntryResponse[]).filter((e) => e.targetId === paper.id);
      expect(await audit('paper.viewed')).toEqual([expect.objectContaining({ actorUsername: 'member1', details: expect.objectContaining({ traceCode: code, version: 1 }) })]);
      expect(await audit('paper.downloaded')).toEqual([expect.objectContaining({ actorUsername: 'member2' })]);
    });

    it('an admin finds from a trace code whose copy a page came from', async () => {
      const f = await createMeeting(t);
      const paper = await addPaper(f, await samplePaper(), { title: 'Báo cáo mật' });
      const copy = await fetchBytes(t, `/api/meetings/${f.meeting.id}/papers/${paper.id}/download`, f.tokens['member4']);
      const code = copy.headers.get('x-trace-code') as string;
      const admin = (await t.loginAs('admin')).accessToken;
      const found = await t.request('GET', `/api/paper-traces/${code}`, { token: admin });
      expect(found.body).toMatchObject({
        code,
        kind: 'paper',
        purpose: 'download',
        user: { id: f.ids['member4'], username: 'member4', fullName: 'Hoàng Minh Tuấn' },
        meeting: { id: f.meeting.id },
        paper: { id: paper.id, title: 'Báo cáo mật', version: 1 },
      });
      // As typed off a printed page: lower case, no hyphen, O for 0.
      const typed = code.toLowerCase().replace('-', '').replace(/0/g, 'o');
      expect((await t.request('GET', `/api/paper-traces/${typed}`, { token: admin })).body.user?.username).toBe('member4');
      expect((await t.request('GET', '/api/paper-traces/ZZZZ-ZZZZ', { token: admin })).body.code).toBe('TRACE_NOT_FOUND');
      expect((await t.request('GET', `/api/paper-traces/${code}`, { token: f.tokens['secretary'] })).status).toBe(403);
      const rows = await rawSql(t.config.database, 'SELECT user_id, paper_version FROM paper_traces WHERE code = $1'.replace('$1', t.config.database.driver === 'postgres' ? '$1' : '?'), [code.replace('-', '')]);
      expect(rows).toEqual([{ user_id: f.ids['member4'], paper_version: 1 }]);
    });
  });

  describe('the meeting book', () => {
    it('is compiled in the background when papers change, and its readers see the progress live', async () => {
      const f = await createMeeting(t, { participants: { chair: 'chair', member1: 'member', observer: 'observer', secretary: 'secretary' } });
      const socket = await connectLive(t.url, f.tokens['member1']);
      const progress: BookProgress[] = [];
      // member1 takes part in the meetings of earlier tests too: keep this meeting's events.
      socket.on('book:progress', (event) => event.meetingId === f.meeting.id && progress.push(event));
      await addPaper(f, await samplePaper({ pages: 3 }), { title: 'A' });
      await addPaper(f, await samplePaper({ pages: 2 }), { title: 'B' }, 1);
      const deadline = Date.now() + 30_000;
      while (!progress.some((event) => event.state === 'ready' && event.total === 2) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      socket.disconnect();
      expect(progress.every((event) => event.state !== 'failed')).toBe(true);
      expect(progress.at(-1)).toEqual({ meetingId: f.meeting.id, state: 'ready', done: 2, total: 2 });
      expect(progress.filter((event) => event.state === 'compiling').map((event) => event.done)).toContain(1);
      const books = async () => rawSql(t.config.database, `SELECT page_count FROM meeting_books WHERE meeting_id = '${f.meeting.id}'`);
      expect(await books()).toEqual([{ page_count: 7 }]);
      // Opening it now is a copy of the compiled book, not a compilation.
      expect((await fetchBytes(t, `/api/meetings/${f.meeting.id}/book/view`, f.tokens['observer'])).status).toBe(200);
      expect(await books()).toHaveLength(1);
    });

    it('has a cover, a linked table of contents and an outline, every paper with header and page x of N, is watermarked, and is compiled once', async () => {
      const f = await createMeeting(t, { items: ['Dự thảo Luật Đất đai', 'Kế hoạch đầu tư công'] });
      await addPaper(f, await samplePaper({ pages: 3, title: 'Paper A' }), { title: 'Tờ trình A' });
      await addPaper(f, await samplePaper({ pages: 2, title: 'Paper B', objectStreams: true }), { title: 'Báo cáo B' }, 1);
      const response = await fetchBytes(t, `/api/meetings/${f.meeting.id}/book/view`, f.tokens['member1']);
      expect(response.status).toBe(200);
      expect(qpdfCheck(response.bytes).status).toBe(0);
      const text = pdfText(response.bytes, undefined, true);
      expect(text).toContain('Phiên họp thử nghiệm');
      expect(text).toMatch(/1\. Dự thảo Luật Đất đai\s+3/);
      expect(text).toMatch(/2\. Kế hoạch đầu tư công\s+6/);
      expect(text).toContain('1 · Dự thảo Luật Đất đai — Tờ trình A');
      expect(text).toContain('Trang 7/7');
      expect(text).toContain('Lê Quang Huy');
      expect(pdfOutline(response.bytes).map((entry) => [entry.title, entry.page, entry.kids.map((kid) => kid.title)])).toEqual([
        ['Mục lục', 2, []],
        ['1. Dự thảo Luật Đất đai', 3, ['Tờ trình A']],
        ['2. Kế hoạch đầu tư công', 6, ['Báo cáo B']],
      ]);
      await fetchBytes(t, `/api/meetings/${f.meeting.id}/book/view`, f.tokens['member2']);
      const books = await rawSql(t.config.database, `SELECT page_count FROM meeting_books WHERE meeting_id = '${f.meeting.id}'`);
      expect(books).toEqual([{ page_count: 7 }]);
    });
  });
});
