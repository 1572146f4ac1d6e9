import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditEntryResponse, BallotBundle, BallotResponse, PaperTraceResponse } from '@ecabinet/shared/contracts';
import { badPapers, breakXref, pdfText, qpdfCheck, samplePaper } from '@ecabinet/api/papers/testing';
import { approveBallot, answerDocument, createDeviceKey, fetchBytes, signDocument, startTestApp, testDatabaseDriver, uploadPaper, userIds, type TestApp } from '../testing';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe(`papers attached to a ballot (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'member2', 'member5', 'observer']) tokens[username] = (await t.loginAs(username)).accessToken;
  });
  afterAll(() => t.close());

  const papersPath = (ballotId: string) => `/api/ballots/${ballotId}/papers`;

  async function draft(recipients = ['member1', 'member2']): Promise<BallotResponse> {
    const created = await t.request('POST', '/api/ballots', {
      token: tokens['secretary'],
      body: {
        title: 'Phiếu lấy ý kiến về Nghị quyết phiên họp chuyên đề',
        summary: 'Kèm dự thảo Nghị quyết và Tờ trình.',
        questions: [{ text: 'Tán thành dự thảo Nghị quyết?' }],
        recipientIds: recipients.map((u) => ids[u]),
        deadline: new Date(Date.now() + 48 * 3_600_000).toISOString(),
      },
    });
    expect(created.status).toBe(201);
    return created.body as BallotResponse;
  }

  async function advance(ballotId: string, steps: ['secretary' | 'chair', 'submit' | 'approve' | 'issue' | 'close'][]): Promise<void> {
    for (const [who, step] of steps) expect((step === 'approve' ? await approveBallot(t, ballotId, tokens[who]) : await t.request('POST', `/api/ballots/${ballotId}/${step}`, { token: tokens[who] })).status).toBe(200);
  }

  it('attaches papers to a draft, each change moving the version recipients sign; recipients read watermarked copies once issued', async () => {
    const ballot = await draft();
    const draftBytes = await samplePaper({ pages: 3, title: 'Du thao Nghi quyet' });
    const added = await uploadPaper(t, papersPath(ballot.id), draftBytes, { token: tokens['secretary'], fileName: 'Dự_thảo_Nghị_quyết.pdf' });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ title: 'Dự thảo Nghị quyết', classification: 'normal', pageCount: 3, sha256: sha256(draftBytes), canDownload: true });
    const secret = await uploadPaper(t, papersPath(ballot.id), await samplePaper({ pages: 2, title: 'Bao cao tham dinh' }), {
      token: tokens['secretary'],
      fields: { title: 'Báo cáo thẩm định (Mật)', classification: 'confidential' },
    });
    expect(secret.status).toBe(201);
    expect(secret.body).toMatchObject({ classification: 'confidential', canDownload: false });

    const seen = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['secretary'] })).body as BallotResponse;
    expect(seen.version).toBe(ballot.version + 2);
    expect(seen.papers.map((p) => p.title)).toEqual(['Dự thảo Nghị quyết', 'Báo cáo thẩm định (Mật)']);

    // Before issue, a recipient does not see the ballot, so not its papers either.
    expect((await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/view`, tokens['member1'])).status).toBe(404);

    await advance(ballot.id, [['secretary', 'submit'], ['chair', 'approve'], ['secretary', 'issue']]);
    const view = await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/view`, tokens['member1']);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toBe('application/pdf');
    expect(view.headers.get('cache-control')).toBe('private, no-store');
    const code = view.headers.get('x-trace-code') as string;
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(qpdfCheck(view.bytes).status).toBe(0);
    const text = pdfText(view.bytes);
    expect(text).toContain('Du thao Nghi quyet');
    expect(text).toContain(code);
    // The original bytes come first, untouched: the copy is an incremental update.
    expect(view.bytes.subarray(0, draftBytes.length).equals(draftBytes)).toBe(true);

    const download = await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/download`, tokens['member2']);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect((await fetchBytes(t, `${papersPath(ballot.id)}/${secret.body.id}/view`, tokens['member2'])).status).toBe(200);
    const refused = await fetchBytes(t, `${papersPath(ballot.id)}/${secret.body.id}/download`, tokens['member2']);
    expect(refused.status).toBe(403);

    // Kept on the member's device before the deadline: his own copy, audited as stored; never the confidential paper, never for someone not sent the ballot.
    const kept = await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/offline`, tokens['member2']);
    expect(kept.status).toBe(200);
    expect(pdfText(kept.bytes)).toContain(kept.headers.get('x-trace-code') as string);
    expect((await fetchBytes(t, `${papersPath(ballot.id)}/${secret.body.id}/offline`, tokens['member2'])).status).toBe(403);
    for (const outsider of ['member5', 'observer']) expect((await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/offline`, tokens[outsider])).status).toBe(404);
    expect((await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/offline`, '')).status).toBe(401);
    const stored = (await t.request('GET', '/api/audit?action=ballot.paper.stored-offline', { token: tokens['admin'] })).body.items as AuditEntryResponse[];
    expect(stored.filter((entry) => entry.targetId === ballot.id).map((entry) => [entry.actorId, entry.details?.['paperId'], entry.details?.['traceCode']])).toEqual([[ids['member2'], added.body.id, kept.headers.get('x-trace-code')]]);

    // The admin traces the code printed on member1's copy back to member1 and this ballot.
    const trace = await t.request('GET', `/api/paper-traces/${code}`, { token: tokens['admin'] });
    expect(trace.status).toBe(200);
    expect(trace.body as PaperTraceResponse).toMatchObject({
      kind: 'ballot',
      purpose: 'view',
      user: { id: ids['member1'] },
      meeting: { id: ballot.id, title: ballot.title },
      paper: { id: added.body.id, title: 'Dự thảo Nghị quyết', version: 1 },
    });

    // Issued: the papers are fixed.
    const late = await uploadPaper(t, papersPath(ballot.id), draftBytes, { token: tokens['secretary'] });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('BALLOT_INVALID_STATE');
    expect((await t.request('DELETE', `${papersPath(ballot.id)}/${added.body.id}`, { token: tokens['secretary'] })).status).toBe(409);

    // The signed answers refer to this version, and the bundle names what was read.
    const key = createDeviceKey();
    const registered = await t.request('POST', '/api/signing-keys', { token: tokens['member1'], body: { publicKey: key.publicKey, label: 'iPad' } });
    const issued = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['member1'] })).body as BallotResponse;
    const document = answerDocument(issued, ids['member1'], 1, ['agree']);
    const answered = await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens['member1'], body: { document, signature: signDocument(document, key), keyId: registered.body.id } });
    expect(answered.status).toBe(201);
  });

  it('lets only the secretariat attach or remove papers, and only on a draft; the file goes when nothing uses it', async () => {
    const ballot = await draft();
    const bytes = await samplePaper({ pages: 1, title: 'Phu luc' });
    for (const who of ['member1', 'chair', 'observer', 'admin']) {
      const response = await uploadPaper(t, papersPath(ballot.id), bytes, { token: tokens[who] });
      expect([403, 404]).toContain(response.status);
    }
    const added = await uploadPaper(t, papersPath(ballot.id), bytes, { token: tokens['secretary'], fields: { title: 'Phụ lục' } });
    expect(added.status).toBe(201);
    for (const who of ['member1', 'chair']) expect((await t.request('DELETE', `${papersPath(ballot.id)}/${added.body.id}`, { token: tokens[who] })).status).toBeGreaterThanOrEqual(403);

    const before = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['secretary'] })).body as BallotResponse;
    const removed = await t.request('DELETE', `${papersPath(ballot.id)}/${added.body.id}`, { token: tokens['secretary'] });
    expect(removed.status).toBe(204);
    const after = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['secretary'] })).body as BallotResponse;
    expect(after.papers).toEqual([]);
    expect(after.version).toBe(before.version + 1);
    // Nothing else uses the file: it left the store with the paper.
    expect(filesUnder(join(t.config.dataDir, 'files')).filter((path) => path.includes(sha256(bytes)))).toEqual([]);
    const missing = await t.request('DELETE', `${papersPath(ballot.id)}/${added.body.id}`, { token: tokens['secretary'] });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('BALLOT_PAPER_NOT_FOUND');

    const audit = (await t.request('GET', '/api/audit?action=ballot.paper.removed', { token: tokens['admin'] })).body.items as AuditEntryResponse[];
    expect(audit.some((entry) => entry.targetId === ballot.id && entry.details?.['paperId'] === added.body.id)).toBe(true);
  });

  it('keeps the file while another ballot still uses it', async () => {
    const bytes = await samplePaper({ pages: 2, title: 'Dung chung' });
    const [a, b] = [await draft(), await draft()];
    const first = await uploadPaper(t, papersPath(a.id), bytes, { token: tokens['secretary'] });
    const second = await uploadPaper(t, papersPath(b.id), bytes, { token: tokens['secretary'] });
    expect([first.status, second.status]).toEqual([201, 201]);
    expect((await t.request('DELETE', `${papersPath(a.id)}/${first.body.id}`, { token: tokens['secretary'] })).status).toBe(204);
    expect(filesUnder(join(t.config.dataDir, 'files')).filter((path) => path.includes(sha256(bytes))).length).toBeGreaterThan(0);
    await advance(b.id, [['secretary', 'submit'], ['chair', 'approve'], ['secretary', 'issue']]);
    const copy = await fetchBytes(t, `${papersPath(b.id)}/${second.body.id}/view`, tokens['member1']);
    expect(copy.status).toBe(200);
    expect(pdfText(copy.bytes)).toContain('Dung chung');
  });

  it('repairs a damaged paper on the way in, keeps the bytes received beside it, and removing it forgets both files', async () => {
    const ballot = await draft();
    const damaged = breakXref(await samplePaper({ pages: 2, title: 'Du thao hong' }));
    const added = await uploadPaper(t, papersPath(ballot.id), damaged, { token: tokens['secretary'] });
    expect(added.status).toBe(201);
    expect(added.body.pageCount).toBe(2);
    const repairedHash = added.body.sha256 as string;
    expect(repairedHash).not.toBe(sha256(damaged));
    const stored = () => filesUnder(join(t.config.dataDir, 'files')).filter((path) => path.includes(sha256(damaged)) || path.includes(repairedHash));
    expect(stored().map((path) => path.split('/').slice(-3, -2)[0]).sort()).toEqual(['indexes', 'papers', 'received']);
    const admin = await t.loginAs('admin');
    const audit = ((await t.request('GET', `/api/audit?action=ballot.paper.added&limit=200`, { token: admin.accessToken })).body.items as AuditEntryResponse[]).find((e) => e.details?.['paperId'] === added.body.id);
    expect(audit?.details).toMatchObject({ repaired: true, decrypted: false, receivedSha256: sha256(damaged) });
    const copy = await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/view`, tokens['secretary']);
    expect(pdfText(copy.bytes)).toContain('Du thao hong - page 2');
    expect((await t.request('DELETE', `${papersPath(ballot.id)}/${added.body.id}`, { token: tokens['secretary'] })).status).toBe(204);
    expect(stored()).toEqual([]);
  });

  it('refuses what is not a readable PDF, with a clear error, and keeps nothing of it', async () => {
    const ballot = await draft();
    const bad = await badPapers();
    for (const [name, bytes, code] of [
      ['html', bad.html, 'NOT_A_PDF'],
      ['truncated', bad.truncated, 'PDF_DAMAGED'],
      ['encrypted', bad.encrypted, 'PDF_ENCRYPTED'],
    ] as const) {
      const response = await uploadPaper(t, papersPath(ballot.id), bytes, { token: tokens['secretary'], fileName: `${name}.pdf` });
      expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status: 422, code });
    }
    for (const fields of [{ classification: 'secret' }, { title: '' }, { title: 'x'.repeat(301) }, { unexpected: 'field' }, { title: 'bad\u0000nul' }]) {
      const response = await uploadPaper(t, papersPath(ballot.id), await samplePaper({ pages: 1 }), { token: tokens['secretary'], fields });
      expect({ fields, status: response.status, code: response.body.code }).toEqual({ fields, status: 400, code: 'VALIDATION_FAILED' });
    }
    const unchanged = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['secretary'] })).body as BallotResponse;
    expect(unchanged.papers).toEqual([]);
    expect(unchanged.version).toBe(ballot.version);
    expect((await fetchBytes(t, `${papersPath(ballot.id)}/00000000-0000-4000-8000-000000000000/view`, tokens['secretary'])).status).toBe(404);
    expect((await fetchBytes(t, `${papersPath(ballot.id)}/not-a-uuid/view`, tokens['secretary'])).status).toBe(400);
  });

  it('hides a ballot\u2019s papers from members who are not its recipients', async () => {
    const ballot = await draft(['member1']);
    const added = await uploadPaper(t, papersPath(ballot.id), await samplePaper({ pages: 1, title: 'Chi nguoi nhan' }), { token: tokens['secretary'] });
    await advance(ballot.id, [['secretary', 'submit'], ['chair', 'approve'], ['secretary', 'issue']]);
    expect((await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/view`, tokens['member1'])).status).toBe(200);
    for (const who of ['member2', 'member5', 'observer']) {
      const response = await fetchBytes(t, `${papersPath(ballot.id)}/${added.body.id}/view`, tokens[who]);
      expect({ who, status: response.status }).toEqual({ who, status: 404 });
    }
    // A paper id of another ballot is not reachable through this one.
    const other = await draft(['member2']);
    expect((await fetchBytes(t, `${papersPath(other.id)}/${added.body.id}/view`, tokens['secretary'])).status).toBe(404);
  });

  it('names the papers in the sealed bundle', async () => {
    const ballot = await draft(['member1']);
    const bytes = await samplePaper({ pages: 2, title: 'Trong goi ket qua' });
    await uploadPaper(t, papersPath(ballot.id), bytes, { token: tokens['secretary'], fields: { title: 'Tờ trình' } });
    await advance(ballot.id, [['secretary', 'submit'], ['chair', 'approve'], ['secretary', 'issue']]);
    const key = createDeviceKey();
    const registered = await t.request('POST', '/api/signing-keys', { token: tokens['member1'], body: { publicKey: key.publicKey, label: 'Laptop' } });
    const issued = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['member1'] })).body as BallotResponse;
    const document = answerDocument(issued, ids['member1'], 1, ['agree']);
    expect((await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens['member1'], body: { document, signature: signDocument(document, key), keyId: registered.body.id } })).status).toBe(201);
    await advance(ballot.id, [['secretary', 'close']]);
    const bundle = await fetchBytes(t, `/api/ballots/${ballot.id}/bundle`, tokens['secretary']);
    expect(bundle.status).toBe(200);
    const parsed = JSON.parse(bundle.bytes.toString('utf8')) as BallotBundle;
    expect(parsed.ballot.papers).toEqual([{ title: 'Tờ trình', sha256: sha256(bytes), pageCount: 2 }]);
  });
});
