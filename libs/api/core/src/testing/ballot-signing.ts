import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { BallotResponse, OpinionChoice, SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '@ecabinet/api/platform';
import { certificatesFromPem, type TrustInput } from '@ecabinet/shared/trust';
import type { TestApp } from './test-app';

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

export function signDocument(document: SignedAnswerDocument, key: DeviceKey): string {
  return sign('sha256', Buffer.from(canonicalJson(document)), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64');
}

export function answerDocument(
  ballot: { id: string; version: number; questions: { id: string }[] },
  recipientId: string,
  revision: number,
  choices: (OpinionChoice | [OpinionChoice, string])[],
  signedAt = new Date(),
): SignedAnswerDocument {
  return {
    type: 'ecabinet.ballot-answer',
    ballotId: ballot.id,
    ballotVersion: ballot.version,
    recipientId,
    revision,
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
export async function issueTestBallot(t: TestApp, tokens: { secretary: string; chair: string }, recipientIds: string[], questions = ['Tán thành phạm vi điều chỉnh?', 'Tán thành thời điểm có hiệu lực?']): Promise<BallotResponse> {
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
    const response = await t.request('POST', `/api/ballots/${id}/${step}`, { token });
    if (response.status !== 200) throw new Error(`${step} answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return (await t.request('GET', `/api/ballots/${id}`, { token: tokens.secretary })).body as BallotResponse;
}

/** The demo root the test app made in its DATA_DIR: the anchors a verifier of its bundles is given. */
export function demoRootFile(t: TestApp): string {
  return join(t.config.dataDir, 'pki', 'demo-root.pem');
}

export function demoTrust(t: TestApp): TrustInput {
  return { anchors: certificatesFromPem(readFileSync(demoRootFile(t), 'utf8')) };
}
