import type { BallotBundle, SignedRecord } from '@ecabinet/shared/contracts';
import { certificatesFromPem } from './certificates';
import { verifyBallotBundle } from './ballot-bundle';
import { TAMPER_QUESTIONS as questions, TamperKit, buildTamperSuite } from './tamper-suite';
import { testLeaf, type TestAuthority } from './test-pki';

/**
 * The insider of issue #12: he holds the server, its database and DATA_DIR, so he can write
 * any bundle and seal it with a key of his own making; he does not hold the trust anchor's key,
 * the officer's CA key, or a member's device key.
 */
describe('verifyBallotBundle against the caller\'s anchors', () => {
  let kit: TamperKit;
  let root: TestAuthority;
  let officer: TestAuthority;
  let members: Map<string, TestAuthority>;
  let attackerRoot: TestAuthority;
  let attackerOfficer: TestAuthority;
  let attackerSeal: TestAuthority;
  let genuineApproval: SignedRecord;
  let recipients: string[];
  let base: TamperKit['base'];
  let deadline: Date;
  let closedAt: Date;

  beforeAll(async () => {
    kit = await TamperKit.create();
    ({ root, officer, members, attackerRoot, attackerOfficer, attackerSeal, genuineApproval, recipients, base, deadline, closedAt } = kit);
  });

  const approval: TamperKit['approval'] = (...args) => kit.approval(...args);
  const signedAnswer: TamperKit['signedAnswer'] = (...args) => kit.signedAnswer(...args);
  const content: TamperKit['content'] = (...args) => kit.content(...args);
  const sealed: TamperKit['sealed'] = (...args) => kit.sealed(...args);
  const genuineAnswers = () => kit.genuineAnswers();

  const problemsOf = async (bundle: BallotBundle, by: TestAuthority = kit.seal) => (await verifyBallotBundle(await sealed(bundle, by), trust())).problems.join('\n');

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

  it('catches every forgery of the shared tamper suite (the one the CLI and the /verify page run), and accepts the genuine record', async () => {
    const suite = await buildTamperSuite(kit);
    const anchors = certificatesFromPem(kit.anchorsPem);
    expect(await verifyBallotBundle(suite.genuine, { anchors })).toMatchObject({ ok: true });
    expect(suite.forgeries.length).toBeGreaterThanOrEqual(10);
    for (const forgery of suite.forgeries) {
      const check = await verifyBallotBundle(forgery.raw, { anchors });
      expect({ forgery: forgery.name, ok: check.ok, caught: check.problems.some((p) => p.includes(forgery.caughtBy)) }).toEqual({ forgery: forgery.name, ok: false, caught: true });
    }
  });
});
