import { createPublicKey, verify } from 'node:crypto';
import { tallyBallot, type BallotBundle, type OpinionChoice, type SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { canonicalJson } from '@ecabinet/api/platform';
import { keyFingerprint, parseP256PublicKey, sha256Hex, verifyP256 } from './answer-signature';

/** A bundle as written to disk: the content plus the server's seal over its canonical form. */
export interface SealedBundle extends BallotBundle {
  seal: { sha256: string; signature: string; publicKey: string };
}

export interface BundleCheck {
  ok: boolean;
  problems: string[];
  answers: number;
  sha256: string | null;
}

/**
 * Re-checks a result bundle with nothing but the file: it must be exactly the canonical JSON
 * the server wrote (so any changed byte shows), carry a valid seal, every answer's signature
 * must verify with its key, no recipient may appear twice, and the tally recomputed from the
 * signed documents must equal the stated outcome.
 */
export function verifyBallotBundle(raw: string): BundleCheck {
  const problems: string[] = [];
  let bundle: SealedBundle;
  try {
    bundle = JSON.parse(raw) as SealedBundle;
  } catch {
    return { ok: false, problems: ['the file is not valid JSON'], answers: 0, sha256: null };
  }
  if (bundle?.format !== 'ecabinet.ballot-bundle/1') problems.push('unknown bundle format');
  if (canonicalJson(bundle) !== raw.trimEnd()) problems.push('the file is not the canonical form the server wrote (bytes were changed)');

  // Base64 decoders skip stray characters; the bundle must hold the exact canonical encodings.
  const base64Fields = [bundle.seal?.signature, bundle.seal?.publicKey, ...(bundle.answers ?? []).flatMap((a) => [a.signature, a.publicKey])];
  if (base64Fields.some((value) => typeof value !== 'string' || Buffer.from(value, 'base64').toString('base64') !== value)) {
    problems.push('a signature or key is not in canonical base64');
  }

  const { seal, ...content } = bundle;
  const contentHash = sha256Hex(canonicalJson(content));
  if (!seal || seal.sha256 !== contentHash) problems.push('the content does not match the sealed SHA-256');
  else {
    try {
      const serverKey = createPublicKey({ key: Buffer.from(seal.publicKey, 'base64'), format: 'der', type: 'spki' });
      if (!verify('sha256', Buffer.from(seal.sha256), { key: serverKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(seal.signature, 'base64'))) {
        problems.push('the server seal does not verify');
      }
    } catch {
      problems.push('the server seal is malformed');
    }
  }

  const recipients = new Set<string>();
  for (const recipient of bundle.recipients ?? []) {
    if (recipients.has(recipient.userId)) problems.push(`recipient ${recipient.userId} appears twice`);
    recipients.add(recipient.userId);
  }
  const answered = new Set<string>();
  const choices = new Map<string, Map<string, OpinionChoice>>();
  for (const [index, answer] of (bundle.answers ?? []).entries()) {
    const where = `answer ${index + 1} (${answer.recipientId})`;
    if (answered.has(answer.recipientId)) problems.push(`${where}: the recipient answers twice`);
    answered.add(answer.recipientId);
    if (!recipients.has(answer.recipientId)) problems.push(`${where}: not a recipient of the ballot`);
    let document: SignedAnswerDocument;
    try {
      document = JSON.parse(answer.document) as SignedAnswerDocument;
    } catch {
      problems.push(`${where}: the signed document is not JSON`);
      continue;
    }
    if (canonicalJson(document) !== answer.document) problems.push(`${where}: the signed document is not canonical`);
    if (document.ballotId !== bundle.ballot.id || document.ballotVersion !== bundle.ballot.version) problems.push(`${where}: signed for another ballot or version`);
    if (document.recipientId !== answer.recipientId) problems.push(`${where}: signed by someone else`);
    const key = parseP256PublicKey(answer.publicKey);
    if (!key) problems.push(`${where}: the public key is not an ECDSA P-256 key`);
    else if (!verifyP256(answer.document, answer.signature, key)) problems.push(`${where}: the signature does not verify`);
    if (keyFingerprint(answer.publicKey) !== answer.keyFingerprint) problems.push(`${where}: the key fingerprint does not match the key`);
    choices.set(answer.recipientId, new Map(document.answers.map((a) => [a.questionId, a.choice])));
  }

  const recomputed = tallyBallot({
    questions: bundle.ballot.questions,
    recipientIds: [...recipients],
    silenceRule: bundle.ballot.silenceRule,
    chairId: bundle.ballot.chairId,
    answers: choices,
  });
  if (canonicalJson(recomputed) !== canonicalJson(bundle.outcome)) problems.push('the stated outcome differs from the tally of the signed answers');

  return { ok: problems.length === 0, problems, answers: answered.size, sha256: contentHash };
}
