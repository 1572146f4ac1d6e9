import type * as pkijs from 'pkijs';
import { tallyBallot, type OpinionChoice, type SealedBallotBundle, type SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { fromBase64, sha256Hex, subtleCrypto, toArrayBuffer, utf8 } from './bytes';
import { canonicalJson } from './canonical-json';
import { EC_KEY, EC_SIGN, NAME_OID, describeName, isCertificateAuthority, nameField, parseCertificate, parseCrl, spkiFingerprint, validateChain } from './certificates';
import { verifyDetached } from './cms';
import { DEMO_ORGANIZATION } from './demo';

export const BALLOT_BUNDLE_FORMAT = 'ecabinet.ballot-bundle/2';

export interface TrustInput {
  /** The caller's anchors (e.g. `--trust roots.pem`): never read from the bundle. */
  anchors: readonly pkijs.Certificate[];
  /** Revocation lists the caller holds, in addition to those the bundle carries. */
  crls?: readonly pkijs.CertificateRevocationList[];
}

export interface BundleCheck {
  ok: boolean;
  problems: string[];
  answers: number;
  /** SHA-256 of the sealed content, hex; null when the file is not a bundle. */
  sha256: string | null;
  /** The seal's subject, when the seal verified. */
  sealedBy: string | null;
  /** Signed under a DEMO root: not a real decision. */
  demo: boolean;
}

/**
 * Re-checks a result bundle against the caller's trust anchors, with nothing but the file: the
 * exact canonical bytes; the seal (CMS over the content) by a certificate chaining to the
 * anchors; every answer signed by a certified key whose certificate names the recipient, valid
 * and not revoked when it signed, before the ballot closed; no recipient twice; and the outcome
 * recomputed from the signed answers under the ballot's rules.
 */
export async function verifyBallotBundle(raw: string, trust: TrustInput): Promise<BundleCheck> {
  const problems: string[] = [];
  const fail = (problem: string): BundleCheck => ({ ok: false, problems: [problem], answers: 0, sha256: null, sealedBy: null, demo: false });
  if (trust.anchors.length === 0) return fail('no trust anchors were given: nothing can be verified without them');
  let bundle: SealedBallotBundle;
  try {
    bundle = JSON.parse(raw) as SealedBallotBundle;
  } catch {
    return fail('the file is not valid JSON');
  }
  if (!bundle || typeof bundle !== 'object' || bundle.format !== BALLOT_BUNDLE_FORMAT) return fail(`not a ${BALLOT_BUNDLE_FORMAT} bundle`);
  if (canonicalJson(bundle) !== raw.trimEnd()) problems.push('the file is not the canonical form the server wrote (bytes were changed)');

  const { seal, ...content } = bundle;
  const contentBytes = utf8(canonicalJson(content));
  const sha256 = await sha256Hex(contentBytes);
  let sealedBy: string | null = null;
  let demo = trust.anchors.some((anchor) => nameField(anchor.subject, NAME_OID.organization) === DEMO_ORGANIZATION);
  const cms = typeof seal?.cms === 'string' ? fromBase64(seal.cms) : null;
  if (!cms) problems.push('the bundle carries no seal');
  else {
    if (seal.sha256 !== sha256) problems.push('the content does not match the sealed SHA-256');
    const sealCheck = await verifyDetached(cms, contentBytes);
    if (!sealCheck.intact || !sealCheck.signer) problems.push(sealCheck.problem ?? 'the seal does not verify');
    else {
      const chain = await validateChain(sealCheck.signer, { intermediates: sealCheck.certificates, anchors: trust.anchors, crls: [], at: sealCheck.signingTime ?? new Date() });
      if (chain.length) problems.push(`the seal is not trusted: ${chain[0]}`);
      else if (nameField(sealCheck.signer.subject, NAME_OID.userId)) problems.push('the seal was made with a member\'s key, not the organisation\'s seal');
      else sealedBy = describeName(sealCheck.signer.subject);
      if (nameField(sealCheck.signer.subject, NAME_OID.organization) === DEMO_ORGANIZATION) demo = true;
    }
  }

  const intermediates = (Array.isArray(bundle.certificates) ? bundle.certificates : [])
    .map((item) => fromBase64(item))
    .map((der) => (der ? parseCertificate(der) : null))
    .filter((item): item is pkijs.Certificate => item !== null);
  const crls = [
    ...(Array.isArray(bundle.crls) ? bundle.crls : []).map((item) => fromBase64(item)).map((der) => (der ? parseCrl(der) : null)),
    ...(trust.crls ?? []),
  ].filter((item): item is pkijs.CertificateRevocationList => item !== null && item !== undefined);

  const recipients = new Set<string>();
  for (const recipient of Array.isArray(bundle.recipients) ? bundle.recipients : []) {
    if (recipients.has(recipient.userId)) problems.push(`recipient ${recipient.userId} appears twice`);
    recipients.add(recipient.userId);
  }
  const closedAt = bundle.ballot?.closedAt ? new Date(bundle.ballot.closedAt) : null;
  const answered = new Set<string>();
  const choices = new Map<string, Map<string, OpinionChoice>>();
  for (const [index, answer] of (Array.isArray(bundle.answers) ? bundle.answers : []).entries()) {
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
    if (document.recipientId !== answer.recipientId) problems.push(`${where}: signed for someone else`);
    const signedAt = new Date(document.signedAt);
    if (Number.isNaN(signedAt.getTime())) problems.push(`${where}: the signing time is not a date`);
    else if (closedAt && signedAt > closedAt) problems.push(`${where}: signed after the ballot closed`);
    problems.push(...(await checkAnswerSignature(answer, document, Number.isNaN(signedAt.getTime()) ? new Date() : signedAt, { intermediates, anchors: trust.anchors, crls })).map((problem) => `${where}: ${problem}`));
    choices.set(answer.recipientId, new Map((document.answers ?? []).map((a) => [a.questionId, a.choice])));
  }

  try {
    const recomputed = tallyBallot({
      questions: bundle.ballot.questions,
      recipientIds: [...recipients],
      silenceRule: bundle.ballot.silenceRule,
      chairId: bundle.ballot.chairId,
      answers: choices,
    });
    if (canonicalJson(recomputed) !== canonicalJson(bundle.outcome)) problems.push('the stated outcome differs from the tally of the signed answers');
  } catch {
    problems.push('the ballot\'s questions or rules cannot be read');
  }
  return { ok: problems.length === 0, problems, answers: answered.size, sha256, sealedBy, demo };
}

async function checkAnswerSignature(
  answer: SealedBallotBundle['answers'][number],
  document: SignedAnswerDocument,
  signedAt: Date,
  chainInput: { intermediates: readonly pkijs.Certificate[]; anchors: readonly pkijs.Certificate[]; crls: readonly pkijs.CertificateRevocationList[] },
): Promise<string[]> {
  const der = fromBase64(answer.certificate);
  const certificate = der ? parseCertificate(der) : null;
  if (!certificate) return ['no readable certificate for the signing key'];
  const problems = (await validateChain(certificate, { ...chainInput, at: signedAt })).slice();
  if (nameField(certificate.subject, NAME_OID.userId) !== document.recipientId) problems.push('the certificate names someone other than the recipient');
  if (isCertificateAuthority(certificate)) problems.push('the certificate is a CA certificate, not a member\'s key');
  if ((await spkiFingerprint(certificate)) !== answer.keyFingerprint) problems.push('the key fingerprint does not match the certified key');
  const signature = fromBase64(answer.signature);
  let verified = false;
  try {
    const key = await subtleCrypto().importKey('spki', toArrayBuffer(certificate.subjectPublicKeyInfo.toSchema().toBER(false)), EC_KEY, false, ['verify']);
    verified = !!signature && signature.length === 64 && (await subtleCrypto().verify(EC_SIGN, key, toArrayBuffer(signature), toArrayBuffer(utf8(answer.document))));
  } catch {
    verified = false;
  }
  if (!verified) problems.push('the signature does not verify with the certified key');
  return problems;
}
