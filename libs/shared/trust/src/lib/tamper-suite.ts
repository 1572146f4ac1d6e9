import { tallyBallot, type BallotBundle, type OpinionChoice, type SignedAnswerDocument, type SignedRecord } from '@ecabinet/shared/contracts';
import { sha256Hex, toArrayBuffer, toBase64, toPem, utf8 } from './bytes';
import { answerDocument, approvalDocument, ballotContentHash, ballotContentInputOf } from './ballot-documents';
import { BALLOT_BUNDLE_FORMAT } from './ballot-bundle';
import { canonicalJson } from './canonical-json';
import { EC_SIGN, spkiFingerprint } from './certificates';
import { signDetached } from './cms';
import { testAuthority, testLeaf, type TestAuthority } from './test-pki';

/**
 * The insider of issue #12, as a test fixture for every verifier (the library's specs, the CLI,
 * the offline /verify page in a browser): a genuine ballot record under a throwaway root, and
 * the forgeries an insider can make. He holds the server, its database and DATA_DIR, so he can
 * write any bundle, re-seal it with the real seal or one of his own, and certify keys under a
 * root of his own; he does not hold the trust anchor's key, the officer's CA key, or a member's
 * device key. Runs wherever WebCrypto does (node, a browser).
 */
export const TAMPER_QUESTIONS = [
  { id: 'q1', number: 1, text: 'Tán thành phạm vi điều chỉnh?' },
  { id: 'q2', number: 2, text: 'Tán thành thời điểm có hiệu lực?' },
];

export class TamperKit {
  readonly recipients = ['u-chair', 'u-member1', 'u-member2'];
  readonly questions = TAMPER_QUESTIONS;
  readonly closedAt = new Date(Date.now() + 60_000);
  readonly deadline = new Date(Date.now() + 30_000);
  readonly base: Omit<BallotBundle['ballot'], 'approvals'> = {
    id: 'b-1',
    version: 3,
    title: 'Phiếu lấy ý kiến về dự thảo Nghị định',
    summary: 'Xin ý kiến về hai vấn đề.',
    questions: this.questions,
    deadline: this.deadline.toISOString(),
    silenceRule: 'not_counted',
    issuedAt: new Date(Date.now() - 86_400_000).toISOString(),
    closedAt: this.closedAt.toISOString(),
    chairId: 'u-chair',
    papers: [{ title: 'Dự thảo', sha256: 'ab'.repeat(32), pageCount: 3 }],
  };

  private constructor(
    readonly root: TestAuthority,
    readonly officer: TestAuthority,
    readonly seal: TestAuthority,
    readonly members: Map<string, TestAuthority>,
    readonly attackerRoot: TestAuthority,
    readonly attackerOfficer: TestAuthority,
    readonly attackerSeal: TestAuthority,
    public genuineApproval: SignedRecord,
  ) {}

  static async create(): Promise<TamperKit> {
    const root = await testAuthority('Root', null, 1);
    const officer = await testAuthority('Officer', root, 0);
    const seal = await testLeaf(root, '', ['1.3.6.1.5.5.7.3.4']);
    const members = new Map<string, TestAuthority>();
    for (const id of ['u-chair', 'u-member1', 'u-member2']) members.set(id, await testLeaf(officer, id));
    const attackerRoot = await testAuthority('Root', null, 1);
    const attackerOfficer = await testAuthority('Officer', attackerRoot, 0);
    const attackerSeal = await testLeaf(attackerRoot, '', ['1.3.6.1.5.5.7.3.4']);
    const kit = new TamperKit(root, officer, seal, members, attackerRoot, attackerOfficer, attackerSeal, null as unknown as SignedRecord);
    kit.genuineApproval = await kit.approval(kit.base);
    return kit;
  }

  member(id: string): TestAuthority {
    return this.members.get(id) as TestAuthority;
  }

  /** The anchors a verifier is given: the genuine root, as PEM. */
  get anchorsPem(): string {
    return toPem(this.root.der, 'CERTIFICATE');
  }

  async signRecord(document: object, key: TestAuthority): Promise<SignedRecord> {
    const text = canonicalJson(document);
    const signature = await crypto.subtle.sign(EC_SIGN, key.keys.privateKey, toArrayBuffer(utf8(text)));
    return { document: text, signature: toBase64(signature), certificate: toBase64(key.der), keyFingerprint: await spkiFingerprint(key.certificate) };
  }

  /** The chair's approval of `ballot` as the bundle states it (or of a content he was shown). */
  async approval(ballot: Omit<BallotBundle['ballot'], 'approvals'>, sequence = 1, key: TestAuthority = this.member('u-chair'), chairId = 'u-chair'): Promise<SignedRecord> {
    const contentHash = await ballotContentHash(ballotContentInputOf({ ...ballot, recipients: this.recipients.map((userId) => ({ userId })) }));
    return this.signRecord(approvalDocument({ ballotId: ballot.id, contentHash, deadline: ballot.deadline, sequence, chairId, signedAt: new Date(Date.now() - 50_000) }), key);
  }

  async signedAnswer(
    recipientId: string,
    choices: OpinionChoice[],
    key: TestAuthority,
    options: { approvalRecord?: SignedRecord; revision?: number; previous?: SignedRecord | null; signedAt?: Date } = {},
  ): Promise<BallotBundle['answers'][number]> {
    const document = answerDocument({
      ballotId: 'b-1',
      ballotVersion: 3,
      ballotHash: await sha256Hex(utf8((options.approvalRecord ?? this.genuineApproval).document)),
      recipientId,
      revision: options.revision ?? 1,
      previous: options.previous ? await sha256Hex(utf8(options.previous.document)) : null,
      signedAt: options.signedAt ?? new Date(),
      questions: this.questions,
      answers: this.questions.map((question, index) => ({ questionId: question.id, choice: choices[index] ?? 'agree' })),
    });
    return { recipientId, ...(await this.signRecord(document, key)) };
  }

  /** The bundle's content with the outcome tallied from each recipient's last revision. */
  content(
    answers: BallotBundle['answers'],
    options: { certificates?: Uint8Array[]; ballot?: Partial<Omit<BallotBundle['ballot'], 'approvals'>>; approvals?: SignedRecord[]; recipients?: string[] } = {},
  ): BallotBundle {
    const choices = new Map(answers.map((a) => [a.recipientId, new Map((JSON.parse(a.document) as SignedAnswerDocument).answers.map((x) => [x.questionId, x.choice]))]));
    const ballot = { ...this.base, ...options.ballot };
    const who = options.recipients ?? this.recipients;
    return {
      format: BALLOT_BUNDLE_FORMAT,
      ballot: { ...ballot, approvals: options.approvals ?? [this.genuineApproval] },
      recipients: who.map((userId) => ({ userId, fullName: userId })),
      answers,
      certificates: (options.certificates ?? [this.officer.der]).map((der) => toBase64(der)),
      crls: [],
      outcome: tallyBallot({ questions: ballot.questions, recipientIds: who, silenceRule: ballot.silenceRule, chairId: 'u-chair', answers: choices }),
    };
  }

  async sealed(bundle: BallotBundle, by: TestAuthority = this.seal): Promise<string> {
    const bytes = utf8(canonicalJson(bundle));
    const cms = await signDetached(bytes, { certificate: by.der, chain: [], privateKey: by.keys.privateKey }, new Date());
    return canonicalJson({ ...bundle, seal: { sha256: await sha256Hex(bytes), cms: toBase64(cms) } });
  }

  /** member1 changed his mind: revision 1 agreed twice, revision 2 (tallied) disagrees with question 2. */
  async genuineAnswers(): Promise<BallotBundle['answers']> {
    const member1 = this.member('u-member1');
    const first = await this.signedAnswer('u-member1', ['agree', 'agree'], member1, { signedAt: new Date(Date.now() - 40_000) });
    return [
      await this.signedAnswer('u-chair', ['agree', 'agree'], this.member('u-chair')),
      first,
      await this.signedAnswer('u-member1', ['agree', 'disagree'], member1, { revision: 2, previous: first }),
      await this.signedAnswer('u-member2', ['agree', 'agree'], this.member('u-member2')),
    ];
  }
}

export interface Forgery {
  /** What the insider did. */
  name: string;
  /** The sealed bundle he wrote. */
  raw: string;
  /** Text the verifier's findings must contain. */
  caughtBy: string;
}

/** The genuine record and the forgeries of issue #12's list, each re-sealed with a seal the attacker holds. */
export async function buildTamperSuite(kit?: TamperKit): Promise<{ kit: TamperKit; genuine: string; forgeries: Forgery[] }> {
  const k = kit ?? (await TamperKit.create());
  const answers = await k.genuineAnswers();
  const genuine = await k.sealed(k.content(answers));
  const both = [k.officer.der, k.attackerOfficer.der];
  const notApproved = "is not what the chair approved";
  const everyDisagree: BallotBundle['answers'] = [];
  for (const id of k.recipients) everyDisagree.push(await k.signedAnswer(id, ['disagree', 'disagree'], await testLeaf(k.attackerOfficer, id)));
  const rolledBack = k.content(answers);
  rolledBack.outcome = k.content([answers[0], answers[1], answers[3]]).outcome;
  const forgeries: Forgery[] = [
    { name: "drops member2's answer, re-sealed with a seal of his own", raw: await k.sealed(k.content(answers.slice(0, 3)), k.attackerSeal), caughtBy: 'the seal is not trusted' },
    { name: 'adds a recipient', raw: await k.sealed(k.content(answers, { recipients: [...k.recipients, 'u-member3'] })), caughtBy: notApproved },
    {
      name: "swaps member1's key for one he certified and re-signs",
      raw: await k.sealed(k.content([answers[0], await k.signedAnswer('u-member1', ['disagree', 'disagree'], await testLeaf(k.attackerOfficer, 'u-member1')), answers[3]], { certificates: both })),
      caughtBy: 'does not chain to a trust anchor',
    },
    { name: 'changes the silence rule', raw: await k.sealed(k.content(answers, { ballot: { silenceRule: 'agree' } })), caughtBy: notApproved },
    { name: "changes a question's text", raw: await k.sealed(k.content(answers, { ballot: { questions: [k.questions[0], { ...k.questions[1], text: 'Không tán thành?' }] } })), caughtBy: notApproved },
    { name: 'changes the deadline', raw: await k.sealed(k.content(answers, { ballot: { deadline: new Date(k.deadline.getTime() + 86_400_000).toISOString() } })), caughtBy: 'deadline is not the one the chair last signed' },
    { name: "tallies member1's older revision", raw: await k.sealed(rolledBack), caughtBy: 'the stated outcome differs from the tally of the signed answers' },
    {
      name: "drops member1's middle revision",
      raw: await k.sealed(k.content([answers[0], answers[1], await k.signedAnswer('u-member1', ['disagree', 'disagree'], k.member('u-member1'), { revision: 3, previous: answers[2] }), answers[3]])),
      caughtBy: 'the chain of revisions is broken',
    },
    { name: 'turns every answer into "disagree", signed with keys he certified', raw: await k.sealed(k.content(everyDisagree, { certificates: both })), caughtBy: 'does not chain to a trust anchor' },
    { name: 'edits an answer after it was signed', raw: await k.sealed(k.content([{ ...answers[0], document: answers[0].document.replace('"choice":"agree"', '"choice":"disagree"') }, ...answers.slice(1)])), caughtBy: 'the signature does not verify' },
  ];
  return { kit: k, genuine, forgeries };
}
