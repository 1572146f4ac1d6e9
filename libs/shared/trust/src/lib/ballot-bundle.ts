import type * as pkijs from 'pkijs';
import { tallyBallot, type BallotApprovalDocument, type OpinionChoice, type SealedBallotBundle, type SignedAnswerDocument, type SignedRecord } from '@ecabinet/shared/contracts';
import { ballotContentHash, ballotContentInputOf } from './ballot-documents';
import { fromBase64, sha256Hex, subtleCrypto, toArrayBuffer, utf8 } from './bytes';
import { canonicalJson } from './canonical-json';
import { EC_KEY, EC_SIGN, NAME_OID, isCertificateAuthority, nameField, parseCertificate, parseCrl, spkiFingerprint, validateChain } from './certificates';
import { checkSeal } from './seal';

export const BALLOT_BUNDLE_FORMAT = 'ecabinet.ballot-bundle/3';

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
 * anchors; the chair's signed approval over the content recomputed from the bundle (text,
 * questions, rules, recipients, papers) and the deadline; every revision of every answer signed by
 * a certified key whose certificate names the recipient, valid and not revoked when it signed,
 * under an approval the bundle holds and before its deadline, each revision chained to the one
 * before; no recipient twice; and the outcome recomputed from each recipient's last revision
 * under the signed rules.
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
  if (typeof seal?.cms !== 'string') problems.push('the bundle carries no seal');
  else if (seal.sha256 !== sha256) problems.push('the content does not match the sealed SHA-256');
  const { problems: sealProblems, sealedBy, demo } = await checkSeal(seal?.cms, contentBytes, trust.anchors);
  if (typeof seal?.cms === 'string') problems.push(...sealProblems);

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
  const chainInput: ChainContext = { intermediates, anchors: trust.anchors, crls, certificates: new Map() };
  const approvals = await checkApprovals(bundle, chainInput, problems);
  const closedAt = bundle.ballot?.closedAt ? new Date(bundle.ballot.closedAt) : null;
  const questionIds = new Set((bundle.ballot?.questions ?? []).map((q) => q.id));

  const byRecipient = new Map<string, SealedBallotBundle['answers']>();
  for (const answer of Array.isArray(bundle.answers) ? bundle.answers : []) byRecipient.set(answer.recipientId, [...(byRecipient.get(answer.recipientId) ?? []), answer]);
  const choices = new Map<string, Map<string, OpinionChoice>>();
  for (const [recipientId, records] of byRecipient) {
    if (!recipients.has(recipientId)) problems.push(`answers of ${recipientId}: not a recipient of the ballot`);
    let previous: string | null = null;
    let tallied: SignedAnswerDocument | null = null;
    for (const [index, answer] of records.entries()) {
      const where = `answer of ${recipientId}, revision ${index + 1}`;
      const document = parseSigned<SignedAnswerDocument>(answer.document);
      if (!document) {
        problems.push(`${where}: the signed document is not canonical JSON`);
        previous = null;
        continue;
      }
      if (document.type !== 'ecabinet.ballot-answer' || document.ballotId !== bundle.ballot.id || document.ballotVersion !== bundle.ballot.version) problems.push(`${where}: signed for another ballot or version`);
      if (document.recipientId !== recipientId) problems.push(`${where}: signed for someone else`);
      if (document.revision !== index + 1) problems.push(`${where}: the revisions are not numbered 1, 2, 3… in order (found ${document.revision})`);
      if (document.previous !== previous) problems.push(`${where}: does not follow the recipient's previous revision (the chain of revisions is broken)`);
      const signedAt = new Date(document.signedAt);
      const approval = approvals.get(document.ballotHash);
      if (!approval) problems.push(`${where}: signed for a ballot content the chair did not approve`);
      if (Number.isNaN(signedAt.getTime())) problems.push(`${where}: the signing time is not a date`);
      else {
        if (closedAt && signedAt > closedAt) problems.push(`${where}: signed after the ballot closed`);
        if (approval && signedAt > approval.deadline) problems.push(`${where}: signed after the deadline the chair approved`);
        if (approval && signedAt < approval.signedAt) problems.push(`${where}: signed before the chair approved the ballot`);
      }
      const answered = (document.answers ?? []).map((a) => a.questionId);
      if (new Set(answered).size !== answered.length || answered.length !== questionIds.size || answered.some((id) => !questionIds.has(id))) problems.push(`${where}: does not answer every question exactly once`);
      problems.push(...(await checkSignedRecord(answer, recipientId, Number.isNaN(signedAt.getTime()) ? new Date() : signedAt, chainInput)).map((problem) => `${where}: ${problem}`));
      previous = await sha256Hex(utf8(answer.document));
      tallied = document;
    }
    if (tallied) choices.set(recipientId, new Map((tallied.answers ?? []).map((a) => [a.questionId, a.choice])));
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
  return { ok: problems.length === 0, problems, answers: choices.size, sha256, sealedBy, demo };
}

type ChainContext = {
  intermediates: readonly pkijs.Certificate[];
  anchors: readonly pkijs.Certificate[];
  crls: readonly pkijs.CertificateRevocationList[];
  /** Signing certificates read so far, by their base64 (every revision by one device carries the same). */
  certificates: Map<string, pkijs.Certificate | null>;
};

/** The JSON a record signed, or null unless its text is exactly the canonical form. */
function parseSigned<T>(text: unknown): T | null {
  if (typeof text !== 'string') return null;
  try {
    const parsed = JSON.parse(text) as T;
    return parsed && typeof parsed === 'object' && canonicalJson(parsed) === text ? parsed : null;
  } catch {
    return null;
  }
}

/**
 * The chair's approval and extensions: each over the content the verifier recomputes from the
 * bundle, signed by the chair named in it, numbered in order with later deadlines; the last one
 * sets the ballot's deadline. Returns each approval by the hash answers name it with.
 */
async function checkApprovals(bundle: SealedBallotBundle, chainInput: ChainContext, problems: string[]): Promise<Map<string, { deadline: Date; signedAt: Date }>> {
  const found = new Map<string, { deadline: Date; signedAt: Date }>();
  const records = Array.isArray(bundle.ballot?.approvals) ? bundle.ballot.approvals : [];
  if (records.length === 0) {
    problems.push('the ballot carries no approval signed by the chair');
    return found;
  }
  let contentHash: string | null = null;
  try {
    contentHash = await ballotContentHash(ballotContentInputOf({ ...bundle.ballot, recipients: bundle.recipients }));
  } catch {
    problems.push('the ballot\'s content cannot be read');
  }
  let lastDeadline: Date | null = null;
  for (const [index, record] of records.entries()) {
    const where = index === 0 ? "the chair's approval" : `the chair's extension ${index}`;
    const document = parseSigned<BallotApprovalDocument>(record.document);
    if (!document) {
      problems.push(`${where}: the signed document is not canonical JSON`);
      continue;
    }
    if (document.type !== 'ecabinet.ballot-approval' || document.ballotId !== bundle.ballot.id) problems.push(`${where}: signed for another ballot`);
    if (contentHash && document.contentHash !== contentHash) problems.push(`${where}: the ballot's content (title, summary, questions, rules, recipients or papers) is not what the chair approved`);
    if (document.sequence !== index + 1) problems.push(`${where}: out of order`);
    if (!bundle.ballot.chairId || document.chairId !== bundle.ballot.chairId) problems.push(`${where}: signed by someone other than the ballot's chair`);
    const deadline = new Date(document.deadline);
    const signedAt = new Date(document.signedAt);
    if (Number.isNaN(deadline.getTime()) || Number.isNaN(signedAt.getTime())) {
      problems.push(`${where}: the deadline or the signing time is not a date`);
      continue;
    }
    if (lastDeadline && deadline <= lastDeadline) problems.push(`${where}: does not move the deadline later`);
    lastDeadline = deadline;
    problems.push(...(await checkSignedRecord(record, document.chairId, signedAt, chainInput)).map((problem) => `${where}: ${problem}`));
    found.set(await sha256Hex(utf8(record.document)), { deadline, signedAt });
  }
  if (lastDeadline && bundle.ballot.deadline !== lastDeadline.toISOString()) problems.push('the ballot\'s deadline is not the one the chair last signed');
  return found;
}

/** One signature made on a member's device: the certificate chain at signing time, the subject, the key and the signature. */
async function checkSignedRecord(record: SignedRecord, signerId: string, signedAt: Date, chainInput: ChainContext): Promise<string[]> {
  let certificate = chainInput.certificates.get(record.certificate);
  if (certificate === undefined) {
    const der = fromBase64(record.certificate);
    certificate = der ? parseCertificate(der) : null;
    chainInput.certificates.set(record.certificate, certificate);
  }
  if (!certificate) return ['no readable certificate for the signing key'];
  const problems = (await validateChain(certificate, { intermediates: chainInput.intermediates, anchors: chainInput.anchors, crls: chainInput.crls, at: signedAt })).slice();
  if (nameField(certificate.subject, NAME_OID.userId) !== signerId) problems.push('the certificate names someone other than the signer');
  if (isCertificateAuthority(certificate)) problems.push('the certificate is a CA certificate, not a member\'s key');
  if ((await spkiFingerprint(certificate)) !== record.keyFingerprint) problems.push('the key fingerprint does not match the certified key');
  const signature = fromBase64(record.signature);
  let verified = false;
  try {
    const key = await subtleCrypto().importKey('spki', toArrayBuffer(certificate.subjectPublicKeyInfo.toSchema().toBER(false)), EC_KEY, false, ['verify']);
    verified = !!signature && signature.length === 64 && (await subtleCrypto().verify(EC_SIGN, key, toArrayBuffer(signature), toArrayBuffer(utf8(record.document))));
  } catch {
    verified = false;
  }
  if (!verified) problems.push('the signature does not verify with the certified key');
  return problems;
}
