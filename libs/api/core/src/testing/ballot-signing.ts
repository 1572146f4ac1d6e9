import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { OpinionChoice, SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { canonicalJson } from '@ecabinet/api/platform';

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
