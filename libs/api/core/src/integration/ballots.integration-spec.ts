import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BallotNotice, BallotResponse, UserResponse } from '@ecabinet/shared/contracts';
import { Clock, formatGovernmentTime, formatGovernmentTimeInEnglish } from '@ecabinet/api/platform';
import { BallotScheduler } from '@ecabinet/api/ballots';
import { verifyBallotBundle } from '@ecabinet/shared/trust';
import { verifyBallotCommand } from '../lib/cli';
import { answerDocument, approvalFor, approveBallot, extendBallot, rawSql, demoRootFile, demoTrust, connectLive, createDeviceKey, signDocument, startTestApp, testDatabaseDriver, userIds, type DeviceKey, type TestApp, startMailCapture, type CapturedMail, type MailCapture } from '../testing';

/** The text of a single-part message as nodemailer sends it (quoted-printable or base64). */
function mailText(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const [head, body] = [raw.slice(0, split), raw.slice(split + 4)];
  const encoding = /^content-transfer-encoding:\s*(\S+)/im.exec(head)?.[1].toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return body;
  const soft = body.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(soft.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

describe(`written opinion ballots (${testDatabaseDriver()})`, () => {
  let t: TestApp;
  let smtp: MailCapture;
  let mails: CapturedMail[] = [];
  const tokens: Record<string, string> = {};
  const keys: Record<string, { key: DeviceKey; id: string }> = {};
  let ids: Record<string, string>;
  const members = ['chair', 'member1', 'member2', 'member3', 'member4'];

  beforeAll(async () => {
    smtp = await startMailCapture();
    mails = smtp.mails;
    t = await startTestApp({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'vpcp@example.gov.vn' } });
    ids = await userIds(t);
    for (const username of ['admin', 'secretary', 'chair', 'member1', 'member2', 'member3', 'member4', 'member5', 'observer']) tokens[username] = (await t.loginAs(username)).accessToken;
    for (const username of members) {
      await t.request('PATCH', `/api/users/${ids[username]}`, { token: tokens['admin'], body: { email: `${username}@example.gov.vn` } });
      const key = createDeviceKey();
      const registered = await t.request('POST', '/api/signing-keys', { token: tokens[username], body: { publicKey: key.publicKey, label: 'iPad' } });
      expect(registered.status).toBe(201);
      keys[username] = { key, id: registered.body.id };
    }
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
    await smtp.close();
  });

  const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

  async function issuedBallot(options: { recipients?: string[]; silenceRule?: 'agree' | 'not_counted'; deadline?: string; reminderMinutes?: number[] } = {}): Promise<BallotResponse> {
    const created = await t.request('POST', '/api/ballots', {
      token: tokens['secretary'],
      body: {
        title: 'Phiếu lấy ý kiến về dự thảo Nghị định',
        summary: 'Xin ý kiến thành viên Chính phủ về hai vấn đề còn ý kiến khác nhau.',
        questions: [{ text: 'Tán thành phạm vi điều chỉnh?' }, { text: 'Tán thành thời điểm có hiệu lực 01/01/2027?' }],
        recipientIds: (options.recipients ?? members).map((u) => ids[u]),
        deadline: options.deadline ?? inHours(48),
        silenceRule: options.silenceRule ?? 'not_counted',
        reminderMinutes: options.reminderMinutes,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const [who, step] of [['secretary', 'submit'], ['chair', 'approve'], ['secretary', 'issue']] as const) {
      const response = step === 'approve' ? await approveBallot(t, id, tokens[who], keys['chair']) : await t.request('POST', `/api/ballots/${id}/${step}`, { token: tokens[who] });
      expect(response.status).toBe(200);
    }
    return (await t.request('GET', `/api/ballots/${id}`, { token: tokens['secretary'] })).body as BallotResponse;
  }

  async function answer(ballot: BallotResponse, username: string, revision: number, choices: Parameters<typeof answerDocument>[3], tamper?: (doc: ReturnType<typeof answerDocument>) => void) {
    const document = answerDocument(ballot, ids[username], revision, choices);
    const signature = signDocument(document, keys[username].key);
    tamper?.(document);
    return t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens[username], body: { document, signature, keyId: keys[username].id } });
  }

  it('drafts, returns with a reason, approves and issues; drafts are invisible to members', async () => {
    const created = await t.request('POST', '/api/ballots', {
      token: tokens['secretary'],
      body: { title: 'Phiếu thử', summary: 'Tóm tắt', questions: [{ text: 'Câu hỏi?' }], deadline: inHours(24) },
    });
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'draft', recipientCount: 9, silenceRule: 'not_counted', reminderMinutes: [1440, 120] });
    expect((await t.request('GET', `/api/ballots/${id}`, { token: tokens['member1'] })).status).toBe(404);
    expect((await t.request('GET', `/api/ballots/${id}`, { token: tokens['chair'] })).status).toBe(404);
    expect((await approveBallot(t, id, tokens['chair'], keys['chair'])).body.code).toBe('BALLOT_NOT_FOUND');
    await t.request('POST', `/api/ballots/${id}/submit`, { token: tokens['secretary'] });
    expect((await t.request('POST', `/api/ballots/${id}/approve`, { token: tokens['member1'] })).status).toBe(403);
    const returned = await t.request('POST', `/api/ballots/${id}/return`, { token: tokens['chair'], body: { reason: 'Bổ sung báo cáo đánh giá tác động' } });
    expect(returned.body).toMatchObject({ status: 'draft', returnReason: 'Bổ sung báo cáo đánh giá tác động' });
    const stale = await t.request('PATCH', `/api/ballots/${id}`, { token: tokens['secretary'], body: { summary: 'x', version: 1 } });
    expect(stale.body.code).toBe('BALLOT_STALE_VERSION');
    await t.request('PATCH', `/api/ballots/${id}`, { token: tokens['secretary'], body: { summary: 'Đã bổ sung', version: returned.body.version } });
    await t.request('POST', `/api/ballots/${id}/submit`, { token: tokens['secretary'] });
    expect((await t.request('POST', `/api/ballots/${id}/approve`, { token: tokens['chair'] })).status).toBe(400);
    const approved = await approveBallot(t, id, tokens['chair'], keys['chair']);
    expect(approved.body).toMatchObject({ status: 'approved', chairId: ids['chair'], approvals: [{ sequence: 1, deadline: approved.body.deadline, keyFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) }] });
    expect((await t.request('POST', `/api/ballots/${id}/issue`, { token: tokens['chair'] })).status).toBe(403);
    const issued = await t.request('POST', `/api/ballots/${id}/issue`, { token: tokens['secretary'] });
    expect(issued.body).toMatchObject({ status: 'open', issuedAt: expect.any(String) });
    const mine = await t.request('GET', '/api/ballots?box=to-answer', { token: tokens['member1'] });
    expect(mine.body.map((b: BallotResponse) => b.id)).toContain(id);
    expect((await t.request('GET', `/api/ballots/${id}`, { token: tokens['observer'] })).status).toBe(404);
  });

  it('accepts a complete signed answer and keeps every revision; refuses replays, forgeries and incomplete answers', async () => {
    const ballot = await issuedBallot();
    const first = await answer(ballot, 'member1', 1, ['agree', ['other', 'Đề nghị lùi sang 01/7/2027']]);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ revision: 1, keyFingerprint: expect.stringMatching(/^[0-9a-f]{64}$/), documentHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await answer(ballot, 'member1', 1, ['disagree', 'agree'])).body.code).toBe('SIGNATURE_REPLAYED');
    expect((await answer(ballot, 'member1', 2, ['disagree', 'agree'])).status).toBe(201);
    const forged = await answer(ballot, 'member2', 1, ['agree', 'agree'], (doc) => (doc.answers[0].choice = 'disagree'));
    expect(forged.status).toBe(422);
    expect(forged.body.code).toBe('SIGNATURE_INVALID');
    expect((await answer(ballot, 'member2', 1, ['agree', 'other'])).body.code).toBe('COMMENT_REQUIRED');
    const incomplete = await answer(ballot, 'member2', 1, ['agree'], (doc) => doc.answers.pop());
    expect([400, 422]).toContain(incomplete.status);
    const someoneElsesKey = answerDocument(ballot, ids['member3'], 1, ['agree', 'agree']);
    const wrongKey = await t.request('POST', `/api/ballots/${ballot.id}/answers`, {
      token: tokens['member3'],
      body: { document: someoneElsesKey, signature: signDocument(someoneElsesKey, keys['member1'].key), keyId: keys['member1'].id },
    });
    expect(wrongKey.body.code).toBe('SIGNING_KEY_UNKNOWN');
    const outsider = await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: tokens['member5'], body: { document: someoneElsesKey, signature: 'AAAA', keyId: keys['member1'].id } });
    expect(outsider.status).toBe(404);
    const receipts = await t.request('GET', `/api/ballots/${ballot.id}/answers/mine`, { token: tokens['member1'] });
    expect(receipts.body.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
  });

  it("takes the chair's approval only as his signature over the content as stored, and answers only under it, each revision following the last", async () => {
    const created = await t.request('POST', '/api/ballots', {
      token: tokens['secretary'],
      body: { title: 'Phiếu ký duyệt', summary: 'Tóm tắt', questions: [{ text: 'Câu hỏi?' }], recipientIds: [ids['member1'], ids['member2']], deadline: inHours(24) },
    });
    const id = created.body.id as string;
    await t.request('POST', `/api/ballots/${id}/submit`, { token: tokens['secretary'] });
    const read = (await t.request('GET', `/api/ballots/${id}`, { token: tokens['chair'] })).body as BallotResponse;
    const post = (document: object, signer: { key: DeviceKey; id: string }) => t.request('POST', `/api/ballots/${id}/approve`, { token: tokens['chair'], body: { document, signature: signDocument(document as never, signer.key), keyId: signer.id } });
    // What the chair was shown is not what is stored: one more recipient than the server holds.
    const otherContent = await approvalFor({ ...read, recipients: [...(read.recipients ?? []), { ...(read.recipients ?? [])[0], userId: ids['member3'] }] }, ids['chair']);
    expect((await post(otherContent, keys['chair'])).body).toMatchObject({ code: 'SIGNATURE_INVALID' });
    const genuine = await approvalFor(read, ids['chair']);
    expect((await post({ ...genuine, deadline: inHours(30) }, keys['chair'])).body.code).toBe('SIGNATURE_INVALID');
    expect((await post(genuine, keys['member1'])).body.code).toBe('SIGNING_KEY_UNKNOWN');
    expect((await t.request('POST', `/api/ballots/${id}/approve`, { token: tokens['chair'], body: { document: genuine, signature: signDocument({ ...genuine, sequence: 2 }, keys['chair'].key), keyId: keys['chair'].id } })).body.code).toBe('SIGNATURE_INVALID');
    expect((await t.request('GET', `/api/ballots/${id}`, { token: tokens['chair'] })).body).toMatchObject({ status: 'pending_approval', approvals: [] });
    expect((await post(genuine, keys['chair'])).body).toMatchObject({ status: 'approved' });
    const ballot = (await t.request('POST', `/api/ballots/${id}/issue`, { token: tokens['secretary'] })).body as BallotResponse;

    const underAnotherContent = await answer({ ...ballot, approvals: [{ ...ballot.approvals[0], hash: 'ab'.repeat(32) }] }, 'member1', 1, ['agree']);
    expect(underAnotherContent.body.code).toBe('SIGNATURE_INVALID');
    expect((await answer(ballot, 'member1', 1, ['agree'])).status).toBe(201);
    const wrongPrevious = answerDocument(ballot, ids['member1'], 2, ['disagree'], new Date(), 'cd'.repeat(32));
    const refused = await t.request('POST', `/api/ballots/${id}/answers`, { token: tokens['member1'], body: { document: wrongPrevious, signature: signDocument(wrongPrevious, keys['member1'].key), keyId: keys['member1'].id } });
    expect(refused.body.code).toBe('SIGNATURE_INVALID');
    const mine = (await t.request('GET', `/api/ballots/${id}`, { token: tokens['member1'] })).body as BallotResponse;
    expect(mine.mine?.documentHash).toMatch(/^[0-9a-f]{64}$/);
    const second = answerDocument(ballot, ids['member1'], 2, ['disagree'], new Date(), mine.mine?.documentHash);
    expect((await t.request('POST', `/api/ballots/${id}/answers`, { token: tokens['member1'], body: { document: second, signature: signDocument(second, keys['member1'].key), keyId: keys['member1'].id } })).status).toBe(201);
    expect((await answer(ballot, 'member2', 1, ['agree'])).status).toBe(201);
    await t.request('POST', `/api/ballots/${id}/close`, { token: tokens['secretary'] });
    const bundle = await t.request('GET', `/api/ballots/${id}/bundle`, { token: tokens['secretary'] });
    expect(bundle.status).toBe(200);
    const text = typeof bundle.body === 'string' ? bundle.body : JSON.stringify(bundle.body);
    const parsed = JSON.parse(text);
    expect(parsed.ballot.approvals).toHaveLength(1);
    expect(parsed.answers.map((a: { recipientId: string; document: string }) => [a.recipientId, JSON.parse(a.document).revision])).toEqual(
      [[ids['member1'], 1], [ids['member1'], 2], [ids['member2'], 1]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(await verifyBallotBundle(text, demoTrust(t))).toMatchObject({ ok: true, problems: [], answers: 2 });
    expect(parsed.outcome[0]).toMatchObject({ agree: 1, disagree: 1 });
  });

  it('keeps a draft answer on the server, private to its author', async () => {
    const ballot = await issuedBallot();
    const draft = { answers: [{ questionId: ballot.questions[0].id, choice: 'other', comment: 'Đang cân nhắc' }] };
    expect((await t.request('PUT', `/api/ballots/${ballot.id}/draft`, { token: tokens['member2'], body: draft })).status).toBe(200);
    expect((await t.request('GET', `/api/ballots/${ballot.id}/draft`, { token: tokens['member2'] })).body.answers).toEqual(draft.answers);
    expect((await t.request('GET', `/api/ballots/${ballot.id}/draft`, { token: tokens['member3'] })).body.answers).toEqual([]);
    expect((await t.request('GET', `/api/ballots/${ballot.id}/draft`, { token: tokens['secretary'] })).status).toBe(403);
  });

  it('shows the tally to the secretariat and the chair while open, to members only after closing', async () => {
    const ballot = await issuedBallot();
    await answer(ballot, 'member1', 1, ['agree', 'agree']);
    expect((await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['member1'] })).body).toMatchObject({ tally: null, recipients: null, mine: { answered: true, revision: 1 } });
    const chairView = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['chair'] })).body as BallotResponse;
    expect(chairView.tally?.[0]).toMatchObject({ agree: 1, silent: 4, passed: false });
    expect(chairView.tallyFinal).toBe(false);
    expect(chairView.recipients?.find((r) => r.userId === ids['member1'])).toMatchObject({ answered: true, revision: 1 });
    for (const who of ['chair', 'member2', 'member3', 'member4']) await answer(ballot, who, 1, ['agree', 'disagree']);
    const closed = await t.request('POST', `/api/ballots/${ballot.id}/close`, { token: tokens['secretary'] });
    expect(closed.body.status).toBe('closed');
    const memberView = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['member1'] })).body as BallotResponse;
    expect(memberView.tally?.map((q) => q.passed)).toEqual([true, false]);
    expect(memberView.tallyFinal).toBe(true);
    expect((await answer(ballot, 'member1', 2, ['disagree', 'disagree'])).body.code).toBe('BALLOT_CLOSED');
  });

  it('while open, says the outcome under silence-as-agreement is only a projection; applies silence at closing', async () => {
    const ballot = await issuedBallot({ silenceRule: 'agree' });
    const open = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['secretary'] })).body as BallotResponse;
    // 0 of 5 answers in: nobody has agreed yet; the 5 silent would only pass it if nobody else answers.
    expect(open.tallyFinal).toBe(false);
    expect(open.tally?.[0]).toMatchObject({ agree: 0, disagree: 0, other: 0, silent: 5 });
    for (const who of members) await answer(ballot, who, 1, ['disagree', 'agree']);
    const closed = (await t.request('POST', `/api/ballots/${ballot.id}/close`, { token: tokens['secretary'] })).body as BallotResponse;
    expect(closed.tallyFinal).toBe(true);
    expect(closed.tally?.map((q) => q.passed)).toEqual([false, true]);
  });

  it('closes early only once everyone has answered', async () => {
    const ballot = await issuedBallot({ recipients: ['member1', 'member2'] });
    await answer(ballot, 'member1', 1, ['agree', 'agree']);
    expect((await t.request('POST', `/api/ballots/${ballot.id}/close`, { token: tokens['secretary'] })).body).toMatchObject({ code: 'NOT_EVERYONE_ANSWERED', details: { missing: 1 } });
  });

  it('reminds the late (and only them) by e-mail through a real SMTP server, once per round', async () => {
    const ballot = await issuedBallot({ deadline: inHours(3), reminderMinutes: [120] });
    await answer(ballot, 'member1', 1, ['agree', 'agree']);
    const clock = t.app.get(Clock);
    const scheduler = t.app.get(BallotScheduler);
    await scheduler.tick();
    expect(mails.filter((m) => m.body.includes('X-Ecabinet-Notice: reminder') && m.body.includes(`X-Ecabinet-Ballot: ${ballot.id}`))).toEqual([]); // the reminder moment has not come
    const spy = jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 65 * 60_000));
    try {
      await scheduler.tick();
      await scheduler.tick();
    } finally {
      spy.mockRestore();
    }
    // Issue notices go out asynchronously after the request; give them a moment.
    for (let i = 0; i < 50 && mails.filter((m) => m.body.includes('X-Ecabinet-Notice: issued') && m.body.includes(ballot.id)).length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    const reminded = mails.filter((m) => m.body.includes('X-Ecabinet-Notice: reminder') && m.body.includes(`X-Ecabinet-Ballot: ${ballot.id}`));
    const issuedMails = mails.filter((m) => m.body.includes('X-Ecabinet-Notice: issued') && m.body.includes(`X-Ecabinet-Ballot: ${ballot.id}`));
    expect(issuedMails.flatMap((m) => m.to)).toHaveLength(5);
    expect(reminded.flatMap((m) => m.to).sort()).toEqual(['chair@example.gov.vn', 'member2@example.gov.vn', 'member3@example.gov.vn', 'member4@example.gov.vn']);
    expect(reminded[0].body).toContain('=?UTF-8?');
    const board = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['secretary'] })).body as BallotResponse;
    expect(board.recipients?.filter((r) => r.remindedAt).map((r) => r.userId).sort()).toEqual(['chair', 'member2', 'member3', 'member4'].map((u) => ids[u]).sort());
    expect(board.reminderHistory).toEqual([{ minutesBefore: 120, dueAt: expect.any(String), state: 'sent', reason: 'on_time', at: expect.any(String), recipients: 4, delegates: 0 }]);
  });

  it('sends at once on issue a reminder already due (1 hour before a deadline 12 minutes away), once, and shows it in the history', async () => {
    const before = mails.length;
    const clock = t.app.get(Clock);
    const issuedAt = new Date(Date.now() + 60_000);
    const spy = jest.spyOn(clock, 'now').mockReturnValue(issuedAt);
    let ballot: BallotResponse;
    try {
      ballot = await issuedBallot({ recipients: ['member1', 'member2'], deadline: new Date(issuedAt.getTime() + 12 * 60_000).toISOString(), reminderMinutes: [24 * 60, 60, 5] });
      await t.app.get(BallotScheduler).tick();
    } finally {
      spy.mockRestore();
    }
    const ofBallot = () => mails.slice(before).filter((m) => m.body.includes('X-Ecabinet-Notice: reminder') && m.body.includes(`X-Ecabinet-Ballot: ${ballot.id}`));
    for (let i = 0; i < 50 && ofBallot().length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(ofBallot().flatMap((m) => m.to).sort()).toEqual(['member1@example.gov.vn', 'member2@example.gov.vn']);
    // The 24-hour and 1-hour moments had both passed: one reminder, at issue; the 5-minute one is still to come.
    expect(ballot.reminderHistory).toEqual([
      { minutesBefore: 1440, dueAt: expect.any(String), state: 'skipped', reason: 'covered', at: issuedAt.toISOString(), recipients: 0, delegates: 0 },
      { minutesBefore: 60, dueAt: expect.any(String), state: 'sent', reason: 'due_at_issue', at: issuedAt.toISOString(), recipients: 2, delegates: 0 },
      { minutesBefore: 5, dueAt: new Date(new Date(ballot.deadline).getTime() - 5 * 60_000).toISOString(), state: 'pending', reason: 'scheduled', at: null, recipients: 0, delegates: 0 },
    ]);
    // Members see no reminder history.
    expect((await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['member1'] })).body.reminderHistory).toBeNull();
    // At the 5-minute moment with everyone answered: skipped, and said so.
    for (const who of ['member1', 'member2']) expect((await answer(ballot, who, 1, ['agree', 'agree'])).status).toBe(201);
    const late = jest.spyOn(clock, 'now').mockReturnValue(new Date(new Date(ballot.deadline).getTime() - 4 * 60_000));
    try {
      await t.app.get(BallotScheduler).tick();
    } finally {
      late.mockRestore();
    }
    const board = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['secretary'] })).body as BallotResponse;
    expect(board.reminderHistory?.map((r) => [r.minutesBefore, r.state, r.reason])).toEqual([
      [1440, 'skipped', 'covered'],
      [60, 'sent', 'due_at_issue'],
      [5, 'skipped', 'everyone_answered'],
    ]);
    expect(ofBallot()).toHaveLength(2);
  });

  it('extends the deadline (audited) and closes by itself at the deadline, exactly once', async () => {
    const ballot = await issuedBallot({ silenceRule: 'agree' });
    expect((await extendBallot(t, ballot.id, tokens['secretary'], inHours(72))).status).toBe(403);
    // Another chair (a deputy standing in) may not extend what the chair approved, even with his own certified key.
    const deputy = await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: 'deputy-chair', fullName: 'Phó Thủ tướng', password: 'ecabinet-demo', roles: ['chair'] } });
    expect(deputy.status).toBe(201);
    const byDeputy = await extendBallot(t, ballot.id, (await t.loginAs('deputy-chair')).accessToken, inHours(72));
    expect(byDeputy.body).toMatchObject({ code: 'SIGNATURE_INVALID', message: expect.stringContaining('only the chair who approved') });
    // The deputy steps down again (later cases count the chairs).
    expect((await t.request('PATCH', `/api/users/${deputy.body.id}`, { token: tokens['admin'], body: { disabled: true, roles: ['observer'] } })).status).toBe(200);
    const extended = await extendBallot(t, ballot.id, tokens['chair'], inHours(72), keys['chair']);
    expect(extended.body.deadline).toBe(new Date(inHours(72)).toISOString().slice(0, 16) + extended.body.deadline.slice(16));
    expect(extended.body.approvals.map((a: { sequence: number }) => a.sequence)).toEqual([1, 2]);
    await answer(ballot, 'member1', 1, ['disagree', 'disagree']);
    const clock = t.app.get(Clock);
    const scheduler = t.app.get(BallotScheduler);
    const spy = jest.spyOn(clock, 'now').mockReturnValue(new Date(Date.now() + 73 * 3_600_000));
    try {
      await Promise.all([scheduler.tick(), scheduler.tick(), t.app.get(BallotScheduler).tick()]);
    } finally {
      spy.mockRestore();
    }
    const closed = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['member2'] })).body as BallotResponse;
    expect(closed.status).toBe('closed');
    // Silence counted as agreement: four silent + nobody else agreeing = 4 of 5, passes.
    expect(closed.tally?.[0]).toMatchObject({ agree: 0, disagree: 1, silent: 4, silentCountedAsAgree: 4, passed: true });
    const audit = await t.request('GET', `/api/audit?action=ballot.closed`, { token: tokens['admin'] });
    expect(audit.body.items.filter((e: { targetId: string }) => e.targetId === ballot.id)).toHaveLength(1);
    expect((await t.request('GET', `/api/audit?action=ballot.extended`, { token: tokens['admin'] })).body.items.some((e: { targetId: string }) => e.targetId === ballot.id)).toBe(true);
  });

  it('publishes a sealed bundle the verifier accepts and a single changed byte breaks; a report PDF in Vietnamese', async () => {
    const ballot = await issuedBallot();
    await answer(ballot, 'chair', 1, ['agree', 'agree']);
    await answer(ballot, 'member1', 1, ['agree', ['other', 'Cần bổ sung đánh giá tác động']]);
    await answer(ballot, 'member2', 1, ['agree', 'disagree']);
    await answer(ballot, 'member3', 1, ['disagree', 'disagree']);
    await answer(ballot, 'member4', 1, ['agree', 'agree']);
    await t.request('POST', `/api/ballots/${ballot.id}/close`, { token: tokens['secretary'] });

    const download = await fetch(`${t.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${tokens['member2']}` } });
    expect(download.status).toBe(200);
    const raw = await download.text();
    expect(await verifyBallotBundle(raw, demoTrust(t))).toMatchObject({ ok: true, answers: 5, problems: [], demo: true });
    // Sealed once, at closing, and kept: every download is the same file, byte for byte.
    const again = await fetch(`${t.url}/api/ballots/${ballot.id}/bundle`, { headers: { authorization: `Bearer ${tokens['secretary']}` } });
    expect(await again.text()).toBe(raw);
    expect((await rawSql(t.config.database, `SELECT sealed_bundle FROM ballots WHERE id = '${ballot.id}'`)) as { sealed_bundle: string }[]).toEqual([{ sealed_bundle: raw }]);
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, raw);
    const lines: string[] = [];
    expect(await verifyBallotCommand([good, '--trust', demoRootFile(t)], (line) => lines.push(line))).toBe(0);
    expect(lines.join('\n')).toMatch(/^Bundle OK: 5 signed answers[^]*DEMO/);
    lines.length = 0;
    expect(await verifyBallotCommand([good], (line) => lines.push(line))).toBe(2);
    expect(lines[0]).toMatch(/^No trust anchors/);
    // Bad command lines never verify anything: an option without its file, an unknown option, a roots file without a certificate.
    const noCertificate = join(dir, 'empty.pem');
    writeFileSync(noCertificate, 'not a certificate\n');
    for (const [args, message] of [
      [[good, '--trust'], /--trust needs a file/],
      [[good, '--trust', demoRootFile(t), '--anchors', 'x'], /Unknown option --anchors/],
      [[good, '--trust', noCertificate], /holds no PEM certificate/],
    ] as const) {
      lines.length = 0;
      expect(await verifyBallotCommand([...args], (line) => lines.push(line))).toBe(2);
      expect(lines.join('\n')).toMatch(message);
    }

    const at = raw.indexOf('"choice":"disagree"');
    const flipped = `${raw.slice(0, at)}"choice":"xisagree"${raw.slice(at + '"choice":"disagree"'.length)}`;
    expect((await verifyBallotBundle(flipped, demoTrust(t))).ok).toBe(false);
    for (const position of [10, Math.floor(raw.length / 2), raw.length - 5]) {
      const changed = raw.slice(0, position) + String.fromCharCode(raw.charCodeAt(position) ^ 1) + raw.slice(position + 1);
      expect((await verifyBallotBundle(changed, demoTrust(t))).ok).toBe(false);
    }
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, flipped);
    lines.length = 0;
    expect(await verifyBallotCommand([bad, '--trust', demoRootFile(t)], (line) => lines.push(line))).toBe(1);
    expect(lines[0]).toMatch(/^Bundle NOT valid/);

    const report = await fetch(`${t.url}/api/ballots/${ballot.id}/report`, { headers: { authorization: `Bearer ${tokens['secretary']}` } });
    expect(report.headers.get('content-type')).toBe('application/pdf');
    const pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, Buffer.from(await report.arrayBuffer()));
    expect(execFileSync('qpdf', ['--check', pdf]).toString()).toMatch(/No syntax or stream encoding errors/);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-']).toString();
    expect(text).toContain('BÁO CÁO TỔNG HỢP Ý KIẾN THÀNH VIÊN CHÍNH PHỦ');
    expect(text).toContain('Lê Quang Huy');
    expect(text).toContain('Cần bổ sung đánh giá tác động');
    expect(text).toMatch(/KHÔNG THÔNG QUA|THÔNG QUA/);
    expect(text.split('\f')[0]).toContain('BẢN DEMO');
    // The sealed bundle travels inside the report, and the report prints the attached file's SHA-256.
    execFileSync('pdfdetach', ['-saveall', '-o', dir, pdf]);
    const attached = readFileSync(join(dir, `ballot-${ballot.id}.json`), 'utf8');
    expect(text.replace(/\s+/g, '')).toContain(`SHA-256củatệp:${createHash('sha256').update(attached).digest('hex')}`);
    expect(await verifyBallotBundle(attached, demoTrust(t))).toMatchObject({ ok: true, answers: 5 });

    // PAdES: pdfsig (poppler, NSS) finds the seal's signature valid and trusted against the demo root...
    const nss = join(dir, 'nss');
    mkdirSync(nss);
    execFileSync('certutil', ['-N', '-d', `sql:${nss}`, '--empty-password']);
    execFileSync('certutil', ['-A', '-d', `sql:${nss}`, '-n', 'demo-root', '-t', 'C,C,C', '-i', demoRootFile(t)]);
    const checked = execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, pdf]).toString();
    expect(checked).toContain('Signature is Valid.');
    expect(checked).toContain('Certificate is Trusted.');
    expect(checked).toContain('Total document signed');
    // ... and one changed byte of the signed content makes it say otherwise.
    const bytes = readFileSync(pdf);
    const title = bytes.indexOf('/Title');
    bytes[title + 2] ^= 0x01;
    const changedPdf = join(dir, 'changed.pdf');
    writeFileSync(changedPdf, bytes);
    let changedOutput = '';
    try {
      changedOutput = execFileSync('pdfsig', ['-nssdir', `sql:${nss}`, changedPdf]).toString();
    } catch (error) {
      changedOutput = String((error as { stdout?: Buffer }).stdout ?? '');
    }
    expect(changedOutput).not.toContain('Signature is Valid.');
    expect(changedOutput).toMatch(/Digest Mismatch|Signature is Invalid/);
  });

  it('refuses non-P-256 keys and a revoked key', async () => {
    const rsa = (await import('node:crypto')).generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect((await t.request('POST', '/api/signing-keys', { token: tokens['member4'], body: { publicKey: rsa, label: 'x' } })).body.code).toBe('SIGNING_KEY_INVALID');
    const ballot = await issuedBallot();
    expect((await t.request('DELETE', `/api/signing-keys/${keys['member4'].id}`, { token: tokens['member3'] })).body.code).toBe('SIGNING_KEY_UNKNOWN');
    expect((await t.request('DELETE', `/api/signing-keys/${keys['member4'].id}`, { token: tokens['admin'] })).body.revokedAt).toEqual(expect.any(String));
    expect((await answer(ballot, 'member4', 1, ['agree', 'agree'])).body.code).toBe('SIGNING_KEY_REVOKED');
  });
  describe('delegates (assistants) of members', () => {
    const password = 'mot-mat-khau-dai-1';
    const user = async (id: string) => (await t.request('GET', `/api/users/${id}`, { token: tokens['admin'] })).body as UserResponse;

    it('are linked by the admin only; bad lists are refused and change nothing', async () => {
      const created = await t.request('POST', '/api/users', {
        token: tokens['admin'],
        body: { username: 'tro.ly.lan', fullName: 'Nguyễn Thị Ánh', email: 'tro.ly.lan@example.gov.vn', password, roles: ['delegate'] },
      });
      expect(created.status).toBe(201);
      expect(created.body.assists).toEqual([]);
      const id = created.body.id as string;
      ids['tro.ly.lan'] = id;

      const linked = await t.request('PATCH', `/api/users/${id}`, { token: tokens['admin'], body: { assists: [ids['member3'], ids['member2']] } });
      expect(linked.status).toBe(200);
      expect(linked.body.assists).toEqual([ids['member2'], ids['member3']].sort());
      const listed = await t.request('GET', '/api/users?search=tro.ly.lan', { token: tokens['admin'] });
      expect(listed.body.items[0].assists).toEqual([ids['member2'], ids['member3']].sort());
      // Whom a delegate may assist, as the admin's form lists them.
      const assistable = await t.request('GET', '/api/users?roles=member,chair&limit=200', { token: tokens['admin'] });
      const usernames = (assistable.body.items as UserResponse[]).map((u) => u.username);
      expect(usernames).toEqual(expect.arrayContaining(['chair', 'member1', 'member8']));
      expect(usernames.filter((u) => ['admin', 'secretary', 'observer', 'tro.ly.lan'].includes(u))).toEqual([]);
      expect((await t.request('GET', '/api/users?roles=chair', { token: tokens['admin'] })).body.items.map((u: UserResponse) => u.username)).toEqual(['chair']);
      expect((await t.request('GET', '/api/users?roles=member,nobody', { token: tokens['admin'] })).status).toBe(400);
      const audit = await t.request('GET', '/api/audit?action=user.updated&actor=admin', { token: tokens['admin'] });
      const entry = audit.body.items.find((item: { targetId: string }) => item.targetId === id);
      expect(entry.details.changes.assists).toEqual({ from: [], to: [ids['member2'], ids['member3']].sort() });

      // Nobody but the admin sets the link, the delegate included.
      tokens['tro.ly.lan'] = (await t.loginAs('tro.ly.lan', password)).accessToken;
      for (const who of ['secretary', 'chair', 'member2', 'tro.ly.lan']) {
        const refused = await t.request('PATCH', `/api/users/${id}`, { token: tokens[who], body: { assists: [ids['member1']] } });
        expect([who, refused.status, refused.body.code]).toEqual([who, 403, 'FORBIDDEN']);
      }

      const unknown = '00000000-0000-4000-8000-000000000000';
      const bad: [unknown, string][] = [
        [[unknown], 'INVALID_DELEGATION'],
        [[ids['member1'], unknown], 'INVALID_DELEGATION'],
        [[id], 'INVALID_DELEGATION'],
        [[ids['secretary']], 'INVALID_DELEGATION'],
        [[ids['observer'], ids['member1']], 'INVALID_DELEGATION'],
        [ids['member1'], 'VALIDATION_FAILED'],
        [{ 0: ids['member1'] }, 'VALIDATION_FAILED'],
        [null, 'VALIDATION_FAILED'],
        [[null], 'VALIDATION_FAILED'],
        [[ids['member1'], ids['member1']], 'VALIDATION_FAILED'],
        [['not-a-uuid'], 'VALIDATION_FAILED'],
      ];
      for (const [assists, code] of bad) {
        const refused = await t.request('PATCH', `/api/users/${id}`, { token: tokens['admin'], body: { assists, fullName: 'Đổi tên' } });
        expect([assists, refused.status, refused.body.code]).toEqual([assists, 400, code]);
      }
      const unknownRefused = await t.request('PATCH', `/api/users/${id}`, { token: tokens['admin'], body: { assists: [unknown] } });
      expect(unknownRefused.body.details).toEqual({ userIds: [unknown] });
      // Even a delegate who is also a member cannot assist themself.
      expect((await t.request('PATCH', `/api/users/${id}`, { token: tokens['admin'], body: { roles: ['member', 'delegate'] } })).status).toBe(200);
      const selfLink = await t.request('PATCH', `/api/users/${id}`, { token: tokens['admin'], body: { assists: [id, ids['member2']] } });
      expect([selfLink.status, selfLink.body.code, selfLink.body.details]).toEqual([400, 'INVALID_DELEGATION', { userIds: [id] }]);
      expect((await t.request('PATCH', `/api/users/${id}`, { token: tokens['admin'], body: { roles: ['delegate'] } })).status).toBe(200);
      // Only a delegate assists anyone.
      expect((await t.request('PATCH', `/api/users/${ids['member4']}`, { token: tokens['admin'], body: { assists: [ids['member1']] } })).body.code).toBe('INVALID_DELEGATION');
      const notDelegate = await t.request('POST', '/api/users', { token: tokens['admin'], body: { username: 'khong.phai.tro.ly', fullName: 'X', password, roles: ['observer'], assists: [ids['member1']] } });
      expect([notDelegate.status, notDelegate.body.code]).toEqual([400, 'INVALID_DELEGATION']);
      expect((await t.request('GET', '/api/users?search=khong.phai.tro.ly', { token: tokens['admin'] })).body.total).toBe(0);

      expect(await user(id)).toMatchObject({ fullName: 'Nguyễn Thị Ánh', roles: ['delegate'], assists: [ids['member2'], ids['member3']].sort() });
      expect((await user(ids['member4'])).assists).toEqual([]);
    });

    it('receive, by e-mail and on their live channel, the reminders of members who have not answered; a member who answered causes none', async () => {
      // Linked when created: the assistant of member1, who will answer.
      const other = await t.request('POST', '/api/users', {
        token: tokens['admin'],
        body: { username: 'tro.ly.huy', fullName: 'Trần Văn Bình', email: 'tro.ly.huy@example.gov.vn', password, roles: ['delegate'], assists: [ids['member1']] },
      });
      expect([other.status, other.body.assists]).toEqual([201, [ids['member1']]]);
      tokens['tro.ly.huy'] = (await t.loginAs('tro.ly.huy', password)).accessToken;

      const ballot = await issuedBallot({ recipients: ['member1', 'member2', 'member3'], deadline: inHours(3), reminderMinutes: [120] });
      await answer(ballot, 'member1', 1, ['agree', 'agree']);
      const sockets = { lan: await connectLive(t.url, tokens['tro.ly.lan']), huy: await connectLive(t.url, tokens['tro.ly.huy']) };
      const notices: Record<keyof typeof sockets, BallotNotice[]> = { lan: [], huy: [] };
      sockets.lan.on('ballot:notice', (notice) => notices.lan.push(notice));
      sockets.huy.on('ballot:notice', (notice) => notices.huy.push(notice));
      try {
        const spy = jest.spyOn(t.app.get(Clock), 'now').mockReturnValue(new Date(Date.now() + 65 * 60_000));
        try {
          await t.app.get(BallotScheduler).tick();
        } finally {
          spy.mockRestore();
        }
        for (let i = 0; i < 250 && !notices.lan.some((n) => n.ballotId === ballot.id); i++) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 300)); // room for a wrong notice to arrive

        // Live: the late members' delegate gets the title, the deadline and who is late; nothing more.
        const mine = notices.lan.filter((n) => n.ballotId === ballot.id);
        expect(mine).toHaveLength(1);
        expect(mine[0]).toEqual({ ballotId: ballot.id, kind: 'delegate-reminder', title: ballot.title, deadline: ballot.deadline, members: expect.any(Array) });
        expect([...(mine[0].members ?? [])].sort()).toEqual(['Phạm Thị Lan', 'Đặng Văn Đức'].sort());
        expect(notices.huy.filter((n) => n.ballotId === ballot.id)).toEqual([]);
      } finally {
        sockets.lan.disconnect();
        sockets.huy.disconnect();
      }

      // E-mail: one to the delegate, naming both late members; none to the delegate of the member who answered.
      const forBallot = (kind: string) => mails.filter((m) => m.body.includes(`X-Ecabinet-Notice: ${kind}\r\n`) && m.body.includes(`X-Ecabinet-Ballot: ${ballot.id}`));
      expect(forBallot('delegate-reminder').flatMap((m) => m.to)).toEqual(['tro.ly.lan@example.gov.vn']);
      const text = mailText(forBallot('delegate-reminder')[0].body);
      expect(text).toContain('Kính gửi Nguyễn Thị Ánh,');
      expect(text).toMatch(/(Phạm Thị Lan, Đặng Văn Đức|Đặng Văn Đức, Phạm Thị Lan) chưa trả lời phiếu lấy ý kiến "Phiếu lấy ý kiến về dự thảo Nghị định"\./);
      expect(text).toContain('Hạn trả lời:');
      expect(text.indexOf('Reminder:')).toBeGreaterThan(text.indexOf('chưa trả lời'));
      // The deadline in both halves on the Government's clock (TIMEZONE defaults to Hanoi), never a UTC timestamp.
      expect(text).toContain(`which closes at ${formatGovernmentTimeInEnglish(ballot.deadline, 'Asia/Ho_Chi_Minh')}.`);
      expect(text).toContain(`Hạn trả lời: ${formatGovernmentTime(ballot.deadline, 'Asia/Ho_Chi_Minh')}.`);
      expect(text).not.toMatch(/Xin ý kiến thành viên|Tán thành phạm vi|\/ballots\//);
      // The members themselves are still reminded, and tracked as such.
      expect(forBallot('reminder').flatMap((m) => m.to).sort()).toEqual(['member2@example.gov.vn', 'member3@example.gov.vn']);
      const board = (await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['secretary'] })).body as BallotResponse;
      expect(board.recipients?.filter((r) => r.remindedAt).map((r) => r.userId).sort()).toEqual([ids['member2'], ids['member3']].sort());
      expect(board.recipients?.map((r) => r.userId)).not.toContain(ids['tro.ly.lan']);
      const audit = await t.request('GET', '/api/audit?action=ballot.reminded', { token: tokens['admin'] });
      expect(audit.body.items.find((e: { targetId: string }) => e.targetId === ballot.id).details).toMatchObject({ recipients: 2, delegates: 1 });

      // A delegate is not a recipient: the ballot stays closed to them.
      expect((await t.request('GET', `/api/ballots/${ballot.id}`, { token: tokens['tro.ly.lan'] })).status).toBe(404);
      expect((await t.request('GET', '/api/ballots?box=all', { token: tokens['tro.ly.lan'] })).body).toEqual([]);
    });
  });
});
