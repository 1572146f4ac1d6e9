import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AnswerReceipt, BallotApprovalDocument, BallotResponse, OpinionChoice, SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@ecabinet/api/platform';
import { approvalDocument, ballotContentHash, ballotContentInputOf, certificatesFromPem, type TrustInput } from '@ecabinet/shared/trust';
import { userIds } from './meeting-factory';
import type { TestApp, TestResponse } from './test-app';

/** What the web app does with WebCrypto, done with node's crypto: a P-256 device key. */
export interface DeviceKey {
  privateKey: KeyObject;
  /** SPKI DER, base64: the registration payload. */
  publicKey: string;
}

export function createDeviceKey(): DeviceKey {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey: pair.privateKey, publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
}

/**
 * The hash of each answer revision the server accepted from a test app, by ballot, recipient and
 * revision: the next revision names it (`previous`), as the device does from its receipt.
 */
const acceptedRevisions = new Map<string, string>();

export function rememberAcceptedAnswer(receipt: AnswerReceipt): void {
  acceptedRevisions.set(`${receipt.ballotId}/${receipt.document.recipientId}/${receipt.revision}`, receipt.documentHash);
}

export function signDocument(document: SignedAnswerDocument | BallotApprovalDocument, key: DeviceKey): string {
  return sign('sha256', Buffer.from(canonicalJson(document)), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
}

/**
 * An answer document for `ballot` as read after its approval: it carries the hash of the chair's
 * approval in force and, from revision 2, the hash of the previous revision the server accepted from a test app
 * (or `previous` when given).
 */
export function answerDocument(
  ballot: { id: string; version: number; questions: { id: string }[]; approvals: { hash: string }[] },
  recipientId: string,
  revision: number,
  choices: (OpinionChoice | [OpinionChoice, string])[],
  signedAt = new Date(),
  previous?: string | null,
): SignedAnswerDocument {
  return {
    type: 'ecabinet.ballot-answer',
    ballotId: ballot.id,
    ballotVersion: ballot.version,
    ballotHash: ballot.approvals.at(-1)?.hash ?? '0'.repeat(64),
    recipientId,
    revision,
    previous: previous !== undefined ? previous : revision === 1 ? null : (acceptedRevisions.get(`${ballot.id}/${recipientId}/${revision - 1}`) ?? null),
    signedAt: signedAt.toISOString(),
    answers: ballot.questions.map((question, index) => {
      const choice = choices[index] ?? 'agree';
      const [value, comment] = Array.isArray(choice) ? choice : [choice, ''];
      return { questionId: question.id, choice: value, comment };
    }),
  };
}

/**
 * An open ballot: drafted and submitted by the secretariat, approved by the chair, issued to
 * `recipientIds` with a deadline two days ahead, as the secretary reads it afterwards.
 */
export async function issueTestBallot(t: TestApp, tokens: { secretary: string; chair: string; chairKey?: { key: DeviceKey; id: string } }, recipientIds: string[], questions = ['Tán thành phạm vi điều chỉnh?', 'Tán thành thời điểm có hiệu lực?']): Promise<BallotResponse> {
  const created = await t.request('POST', '/api/ballots', {
    token: tokens.secretary,
    body: {
      title: 'Phiếu lấy ý kiến về dự thảo Nghị định',
      summary: 'Xin ý kiến thành viên Chính phủ.',
      questions: questions.map((text) => ({ text })),
      recipientIds,
      deadline: new Date(Date.now() + 48 * 3_600_000).toISOString(),
    },
  });
  if (created.status !== 201) throw new Error(`creating the ballot answered ${created.status}: ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  for (const [token, step] of [[tokens.secretary, 'submit'], [tokens.chair, 'approve'], [tokens.secretary, 'issue']] as const) {
    const response = step === 'approve' ? await approveBallot(t, id, token, tokens.chairKey) : await t.request('POST', `/api/ballots/${id}/${step}`, { token });
    if (response.status !== 200) throw new Error(`${step} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return (await t.request('GET', `/api/ballots/${id}`, { token: tokens.secretary })).body as BallotResponse;
}

/** Each chair's device key, registered (and, in the demo, certified) the first time he signs here. */
const chairKeys = new Map<string, { key: DeviceKey; id: string }>();

/** The chair's device key for `token`: `key` when given (registered already as `keyId`), else one registered now. */
export async function chairKey(t: TestApp, token: string, given?: { key: DeviceKey; id: string }): Promise<{ key: DeviceKey; id: string }> {
  if (given) return given;
  const known = chairKeys.get(token);
  if (known) return known;
  const key = createDeviceKey();
  const registered = await t.request('POST', '/api/signing-keys', { token, body: { publicKey: key.publicKey, label: 'Chair test device' } });
  if (registered.status !== 201) throw new Error(`registering the chair's key answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const entry = { key, id: registered.body.id as string };
  chairKeys.set(token, entry);
  return entry;
}

/**
 * What the chair's device signs for `ballot` as he reads it: the hash of its content (text,
 * questions, rules, recipients, papers) and the deadline, as approval number `sequence`.
 */
export async function approvalFor(ballot: BallotResponse, chairId: string, deadline = ballot.deadline, sequence = ballot.approvals.length + 1, signedAt = new Date()): Promise<BallotApprovalDocument> {
  const contentHash = await ballotContentHash(ballotContentInputOf(ballot));
  return approvalDocument({ ballotId: ballot.id, contentHash, deadline, sequence, chairId, signedAt });
}

/** The chair approves `ballotId` with a signature made on his device (see {@link approvalFor}). */
export async function approveBallot(t: TestApp, ballotId: string, token: string, key?: { key: DeviceKey; id: string }): Promise<TestResponse> {
  return signedChairStep(t, ballotId, token, 'approve', undefined, key);
}

/** The chair extends `ballotId` to `deadline` with a signed extension. */
export async function extendBallot(t: TestApp, ballotId: string, token: string, deadline: string, key?: { key: DeviceKey; id: string }): Promise<TestResponse> {
  return signedChairStep(t, ballotId, token, 'extend', new Date(deadline).toISOString(), key);
}

async function signedChairStep(t: TestApp, ballotId: string, token: string, step: 'approve' | 'extend', deadline: string | undefined, given?: { key: DeviceKey; id: string }): Promise<TestResponse> {
  const read = await t.request('GET', `/api/ballots/${ballotId}`, { token });
  if (read.status !== 200) return read;
  const me = await t.request('GET', '/api/auth/me', { token });
  const { key, id } = await chairKey(t, token, given);
  const document = await approvalFor(read.body as BallotResponse, me.body.id as string, deadline);
  return t.request('POST', `/api/ballots/${ballotId}/${step}`, { token, body: { document, signature: signDocument(document, key), keyId: id } });
}

/** The demo root the test app made in its DATA_DIR: the anchors a verifier of its bundles is given. */
export function demoRootFile(t: TestApp): string {
  return join(t.config.dataDir, 'pki', 'demo-root.pem');
}

export function demoTrust(t: TestApp): TrustInput {
  return { anchors: certificatesFromPem(readFileSync(demoRootFile(t), 'utf8')) };
}

/**
 * A ballot to member1 alone, answered by him (agree, agree) with a device key registered now, and
 * closed early by the secretariat: the smallest closed record, for what happens after closing.
 */
export async function answeredClosedBallot(t: TestApp): Promise<{ ballot: BallotResponse; secretary: string }> {
  const ids = await userIds(t);
  const tokens = { secretary: (await t.loginAs('secretary')).accessToken, chair: (await t.loginAs('chair')).accessToken };
  const member = (await t.loginAs('member1')).accessToken;
  const key = createDeviceKey();
  const registered = await t.request('POST', '/api/signing-keys', { token: member, body: { publicKey: key.publicKey, label: 'iPad' } });
  const ballot = await issueTestBallot(t, tokens, [ids['member1']]);
  const document = answerDocument(ballot, ids['member1'], 1, ['agree', 'agree']);
  const answered = await t.request('POST', `/api/ballots/${ballot.id}/answers`, { token: member, body: { document, signature: signDocument(document, key), keyId: registered.body.id } });
  if (answered.status !== 201) throw new Error(`answering answered ${answered.status}: ${JSON.stringify(answered.body)}`);
  const closed = await t.request('POST', `/api/ballots/${ballot.id}/close`, { token: tokens.secretary });
  if (closed.status !== 200) throw new Error(`closing answered ${closed.status}: ${JSON.stringify(closed.body)}`);
  return { ballot, secretary: tokens.secretary };
}
