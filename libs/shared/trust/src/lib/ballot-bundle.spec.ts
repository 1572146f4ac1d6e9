import { tallyBallot, type BallotBundle, type OpinionChoice, type SignedAnswerDocument, type SignedRecord } from '@ecabinet/shared/contracts';
import { sha256Hex, toArrayBuffer, toBase64, utf8 } from './bytes';
import { answerDocument, approvalDocument, ballotContentHash } from './ballot-documents';
import { canonicalJson } from './canonical-json';
import { EC_SIGN, spkiFingerprint } from './certificates';
import { signDetached } from './cms';
import { BALLOT_BUNDLE_FORMAT, verifyBallotBundle } from './ballot-bundle';
import { testAuthority, testLeaf, type TestAuthority } from './test-pki';

/**
 * The insider of issue #12: he holds the server, its database and DATA_DIR, so he can write
 * any bundle and seal it with a key of his own making; he does not hold the trust anchor's key,
 * the officer's CA key, or a member's device key.
 */
describe('verifyBallotBundle against the caller\'s anchors', () => {
  let root: TestAuthority;
  let officer: TestAuthority;
  let seal: TestAuthority;
  let members: Map<string, TestAuthority>;
  let attackerRoot: TestAuthority;
  let attackerOfficer: TestAuthority;
  let attackerSeal: TestAuthority;
  const recipients = ['u-chair', 'u-member1', 'u-member2'];
  const closedAt = new Date(Date.now() + 60_000);

  beforeAll(async () => {
    root = await testAuthority('Root', null, 1);
    officer = await testAuthority('Officer', root, 0);
    seal = await testLeaf(root, '', ['1.3.6.1.5.5.7.3.4']);
    members = new Map();
    for (const id of recipients) members.set(id, await testLeaf(officer, id));
    attackerRoot = await testAuthority('Root', null, 1);
    attackerOfficer = await testAuthority('Officer', attackerRoot, 0);
    attackerSeal = await testLeaf(attackerRoot, '', ['1.3.6.1.5.5.7.3.4']);
  });

  const questions = [
    { id: 'q1', number: 1, text: 'Tán thành phạm vi điều chỉnh?' },
    { id: 'q2', number: 2, text: 'Tán thành thời điểm có hiệu lực?' },
  ];
  const deadline = new Date(Date.now() + 30_000);
  const base: Omit<BallotBundle['ballot'], 'approvals'> = {
    id: 'b-1',
    version: 3,
    title: 'Phiếu lấy ý kiến về dự thảo Nghị định',
    summary: 'Xin ý kiến về hai vấn đề.',
    questions,
    deadline: deadline.toISOString(),
    silenceRule: 'not_counted',
    issuedAt: new Date(Date.now() - 86_400_000).toISOString(),
    closedAt: closedAt.toISOString(),
    chairId: 'u-chair',
    papers: [{ title: 'Dự thảo', sha256: 'ab'.repeat(32), pageCount: 3 }],
  };

  async function signRecord(document: object, key: TestAuthority): Promise<SignedRecord> {
    const text = canonicalJson(document);
    const signature = await crypto.subtle.sign(EC_SIGN, key.keys.privateKey, toArrayBuffer(utf8(text)));
    return { document: text, signature: toBase64(signature), certificate: toBase64(key.der), keyFingerprint: await spkiFingerprint(key.certificate) };
  }

  /** The chair's approval of `ballot` as the bundle states it (or of a content he was shown). */
  async function approval(ballot: typeof base, sequence = 1, key: TestAuthority = members.get('u-chair') as TestAuthority, chairId = 'u-chair'): Promise<SignedRecord> {
    const contentHash = await ballotContentHash({ ballotId: ballot.id, title: ballot.title, summary: ballot.summary, questions: ballot.questions, silenceRule: ballot.silenceRule, recipientIds: recipients, paperHashes: ballot.papers.map((p) => p.sha256) });
    return signRecord(approvalDocument({ ballotId: ballot.id, contentHash, deadline: ballot.deadline, sequence, chairId, signedAt: new Date(Date.now() - 50_000) }), key);
  }

  async function signedAnswer(
    recipientId: string,
    choices: OpinionChoice[],
    key: TestAuthority,
    options: { approvalRecord?: SignedRecord; revision?: number; previous?: SignedRecord | null; signedAt?: Date } = {},
  ): Promise<BallotBundle['answers'][number]> {
    const document = answerDocument({
      ballotId: 'b-1',
      ballotVersion: 3,
      ballotHash: await sha256Hex(utf8((options.approvalRecord ?? genuineApproval).document)),
      recipientId,
      revision: options.revision ?? 1,
      previous: options.previous ? await sha256Hex(utf8(options.previous.document)) : null,
      signedAt: options.signedAt ?? new Date(),
      questions,
      answers: questions.map((question, index) => ({ questionId: question.id, choice: choices[index] ?? 'agree' })),
    });
    return { recipientId, ...(await signRecord(document, key)) };
  }

  /** The bundle's content with the outcome tallied from each recipient's last revision. */
  function content(answers: BallotBundle['answers'], options: { certificates?: Uint8Array[]; ballot?: Partial<typeof base>; approvals?: SignedRecord[]; recipients?: string[] } = {}): BallotBundle {
    const choices = new Map(answers.map((a) => [a.recipientId, new Map((JSON.parse(a.document) as SignedAnswerDocument).answers.map((x) => [x.questionId, x.choice]))]));
    const ballot = { ...base, ...options.ballot };
    const who = options.recipients ?? recipients;
    return {
      format: BALLOT_BUNDLE_FORMAT,
      ballot: { ...ballot, approvals: options.approvals ?? [genuineApproval] },
      recipients: who.map((userId) => ({ userId, fullName: userId })),
      answers,
      certificates: (options.certificates ?? [officer.der]).map((der) => toBase64(der)),
      crls: [],
      outcome: tallyBallot({ questions: ballot.questions, recipientIds: who, silenceRule: ballot.silenceRule, chairId: 'u-chair', answers: choices }),
    };
  }

  async function sealed(bundle: BallotBundle, by: TestAuthority = seal): Promise<string> {
    const bytes = utf8(canonicalJson(bundle));
    const cms = await signDetached(bytes, { certificate: by.der, chain: [], privateKey: by.keys.privateKey }, new Date());
    return canonicalJson({ ...bundle, seal: { sha256: await sha256Hex(bytes), cms: toBase64(cms) } });
  }

  let genuineApproval: SignedRecord;
  beforeAll(async () => {
    genuineApproval = await approval(base);
  });

  /** member1 changed his mind: revision 1 agreed twice, revision 2 (tallied) disagrees with question 2. */
  async function genuineAnswers(): Promise<BallotBundle['answers']> {
    const member1 = members.get('u-member1') as TestAuthority;
    const first = await signedAnswer('u-member1', ['agree', 'agree'], member1, { signedAt: new Date(Date.now() - 40_000) });
    return [
      await signedAnswer('u-chair', ['agree', 'agree'], members.get('u-chair') as TestAuthority),
      first,
      await signedAnswer('u-member1', ['agree', 'disagree'], member1, { revision: 2, previous: first }),
      await signedAnswer('u-member2', ['agree', 'agree'], members.get('u-member2') as TestAuthority),
    ];
  }

  const problemsOf = async (bundle: BallotBundle, by: TestAuthority = seal) => (await verifyBallotBundle(await sealed(bundle, by), trust())).problems.join('\n');

  const trust = () => ({ anchors: [root.certificate] });

  it('accepts a genuine bundle, and only against its anchors', async () => {
    const raw = await sealed(content(await genuineAnswers()));
    expect(await verifyBallotBundle(raw, trust())).toMatchObject({ ok: true, problems: [], answers: 3 });
    expect(JSON.parse(raw).outcome[1]).toMatchObject({ agree: 2, disagree: 1 });
    expect((await verifyBallotBundle(raw, { anchors: [attackerRoot.certificate] })).ok).toBe(false);
    expect(await verifyBallotBundle(raw, { anchors: [] })).toMatchObject({ ok: false, problems: [expect.stringContaining('no trust anchors')] });
  });

  it('catches a bundle re-sealed with a seal the attacker made', async () => {
    const raw = await sealed(content(await genuineAnswers()), attackerSeal);
    const check = await verifyBallotBundle(raw, trust());
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toContain('the seal is not trusted');
  });

  it('catches a member\'s key swapped for one the attacker certified himself, answers re-signed and re-sealed', async () => {
    const forgedKey = await testLeaf(attackerOfficer, 'u-member1');
    const answers = await genuineAnswers();
    answers.splice(1, 2, await signedAnswer('u-member1', ['disagree', 'disagree'], forgedKey));
    const raw = await sealed(content(answers, { certificates: [officer.der, attackerOfficer.der] }), attackerSeal);
    const check = await verifyBallotBundle(raw, trust());
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/answer of u-member1, revision 1: the certificate of .* does not chain to a trust anchor/);
  });

  it('catches every answer turned into "disagree" and signed with keys the attacker holds, even under the genuine seal', async () => {
    const answers: BallotBundle['answers'] = [];
    for (const id of recipients) answers.push(await signedAnswer(id, ['disagree', 'disagree'], await testLeaf(attackerOfficer, id)));
    const check = await verifyBallotBundle(await sealed(content(answers, { certificates: [officer.der, attackerOfficer.der] })), trust());
    expect(check.ok).toBe(false);
    expect(check.problems.filter((p) => p.includes('does not chain'))).toHaveLength(3);
  });

  it('catches an answer altered after signing, a key certified for someone else, and an answer signed after closing', async () => {
    const answers = await genuineAnswers();
    answers[0] = { ...answers[0], document: answers[0].document.replace('"choice":"agree"', '"choice":"disagree"') };
    answers.splice(1, 2, await signedAnswer('u-member1', ['agree', 'agree'], members.get('u-member2') as TestAuthority));
    answers[2] = await signedAnswer('u-member2', ['agree', 'agree'], members.get('u-member2') as TestAuthority, { signedAt: new Date(closedAt.getTime() + 1000) });
    const problems = await problemsOf(content(answers));
    expect(problems).toContain('answer of u-chair, revision 1: the signature does not verify');
    expect(problems).toContain('answer of u-member1, revision 1: the certificate names someone other than the signer');
    expect(problems).toContain('answer of u-member2, revision 1: signed after the ballot closed');
    expect(problems).toContain('answer of u-member2, revision 1: signed after the deadline the chair approved');
  });

  it.each([
    ['a question\'s text', { questions: [questions[0], { ...questions[1], text: 'Không tán thành thời điểm có hiệu lực?' }] }],
    ['the silence rule', { silenceRule: 'agree' as const }],
    ['the title', { title: 'Phiếu khác' }],
    ['an attached paper', { papers: [{ title: 'Dự thảo', sha256: 'cd'.repeat(32), pageCount: 3 }] }],
  ])('catches %s changed after the chair approved, every answer still genuine', async (_what, change) => {
    expect(await problemsOf(content(await genuineAnswers(), { ballot: change }))).toContain("the chair's approval: the ballot's content (title, summary, questions, rules, recipients or papers) is not what the chair approved");
  });

  it('catches a recipient added, a deadline moved without the chair, and an approval the attacker signed himself', async () => {
    expect(await problemsOf(content(await genuineAnswers(), { recipients: [...recipients, 'u-member3'] }))).toContain('is not what the chair approved');
    expect(await problemsOf(content(await genuineAnswers(), { ballot: { deadline: new Date(deadline.getTime() + 86_400_000).toISOString() } }))).toContain("the ballot's deadline is not the one the chair last signed");
    const later = { ...base, deadline: new Date(deadline.getTime() + 86_400_000).toISOString() };
    const forgedExtension = await approval(later, 2, await testLeaf(attackerOfficer, 'u-chair'));
    const problems = await problemsOf(content(await genuineAnswers(), { ballot: later, approvals: [genuineApproval, forgedExtension], certificates: [officer.der, attackerOfficer.der] }));
    expect(problems).toMatch(/the chair's extension 1: the certificate of .* does not chain to a trust anchor/);
    const byMember = await approval(base, 1, members.get('u-member1') as TestAuthority, 'u-member1');
    expect(await problemsOf(content(await genuineAnswers(), { approvals: [byMember] }))).toContain("the chair's approval: signed by someone other than the ballot's chair");
    expect(await problemsOf(content(await genuineAnswers(), { approvals: [] }))).toContain('the ballot carries no approval signed by the chair');
  });

  it('accepts an extension the chair signed, with answers under either approval', async () => {
    const later = { ...base, deadline: new Date(deadline.getTime() + 86_400_000).toISOString() };
    const extension = await approval(later, 2);
    const answers = await genuineAnswers();
    answers[3] = await signedAnswer('u-member2', ['agree', 'agree'], members.get('u-member2') as TestAuthority, { approvalRecord: extension });
    expect(await problemsOf(content(answers, { ballot: later, approvals: [genuineApproval, extension] }))).toBe('');
  });

  it('catches an answer rolled back to an older revision, a revision dropped from the middle, and one signed for another content', async () => {
    const answers = await genuineAnswers();
    const rolledBack = content(answers);
    rolledBack.outcome = content([answers[0], answers[1], answers[3]]).outcome;
    expect(await problemsOf(rolledBack)).toContain('the stated outcome differs from the tally of the signed answers');
    const member1 = members.get('u-member1') as TestAuthority;
    const third = await signedAnswer('u-member1', ['disagree', 'disagree'], member1, { revision: 3, previous: answers[2] });
    expect(await problemsOf(content([answers[0], answers[1], third, answers[3]]))).toContain("answer of u-member1, revision 2: does not follow the recipient's previous revision (the chain of revisions is broken)");
    const otherContent = await approval({ ...base, title: 'Khác' });
    const stray = await signedAnswer('u-member2', ['agree', 'agree'], members.get('u-member2') as TestAuthority, { approvalRecord: otherContent });
    expect(await problemsOf(content([...answers.slice(0, 3), stray]))).toContain('answer of u-member2, revision 1: signed for a ballot content the chair did not approve');
  });

  it('catches an outcome that differs from the signed answers, a recipient added twice, and one changed byte', async () => {
    const bundle = content(await genuineAnswers());
    const wrongOutcome = { ...bundle, outcome: bundle.outcome.map((q) => ({ ...q, passed: !q.passed })) };
    expect((await verifyBallotBundle(await sealed(wrongOutcome), trust())).problems).toContain('the stated outcome differs from the tally of the signed answers');
    const twice = { ...bundle, recipients: [...bundle.recipients, { userId: 'u-member1', fullName: 'again' }] };
    expect((await verifyBallotBundle(await sealed(twice), trust())).problems).toContain('recipient u-member1 appears twice');
    const raw = await sealed(bundle);
    const at = raw.indexOf('Nghị định');
    const changed = raw.slice(0, at) + 'X' + raw.slice(at + 1);
    expect((await verifyBallotBundle(changed, trust())).ok).toBe(false);
  });
});
