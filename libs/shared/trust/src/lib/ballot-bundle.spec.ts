import { tallyBallot, type BallotBundle, type OpinionChoice, type SignedAnswerDocument } from '@ecabinet/shared/contracts';
import { toArrayBuffer, toBase64, utf8 } from './bytes';
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

  async function signedAnswer(recipientId: string, choices: OpinionChoice[], key: TestAuthority): Promise<BallotBundle['answers'][number]> {
    const document: SignedAnswerDocument = {
      type: 'ecabinet.ballot-answer',
      ballotId: 'b-1',
      ballotVersion: 3,
      recipientId,
      revision: 1,
      signedAt: new Date().toISOString(),
      answers: questions.map((question, index) => ({ questionId: question.id, choice: choices[index] ?? 'agree', comment: '' })),
    };
    const text = canonicalJson(document);
    const signature = await crypto.subtle.sign(EC_SIGN, key.keys.privateKey, toArrayBuffer(utf8(text)));
    return { recipientId, document: text, signature: toBase64(signature), certificate: toBase64(key.der), keyFingerprint: await spkiFingerprint(key.certificate) };
  }

  function content(answers: BallotBundle['answers'], certificates: Uint8Array[] = [officer.der]): BallotBundle {
    const choices = new Map(answers.map((a) => [a.recipientId, new Map((JSON.parse(a.document) as SignedAnswerDocument).answers.map((x) => [x.questionId, x.choice]))]));
    return {
      format: BALLOT_BUNDLE_FORMAT,
      ballot: {
        id: 'b-1',
        version: 3,
        title: 'Phiếu lấy ý kiến về dự thảo Nghị định',
        summary: '',
        questions,
        deadline: closedAt.toISOString(),
        silenceRule: 'not_counted',
        issuedAt: new Date(Date.now() - 86_400_000).toISOString(),
        closedAt: closedAt.toISOString(),
        chairId: 'u-chair',
        papers: [],
      },
      recipients: recipients.map((userId) => ({ userId, fullName: userId })),
      answers,
      certificates: certificates.map((der) => toBase64(der)),
      crls: [],
      outcome: tallyBallot({ questions, recipientIds: recipients, silenceRule: 'not_counted', chairId: 'u-chair', answers: choices }),
    };
  }

  async function sealed(bundle: BallotBundle, by: TestAuthority = seal): Promise<string> {
    const bytes = utf8(canonicalJson(bundle));
    const digest = Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', toArrayBuffer(bytes))), (b) => b.toString(16).padStart(2, '0')).join('');
    const cms = await signDetached(bytes, { certificate: by.der, chain: [], privateKey: by.keys.privateKey }, new Date());
    return canonicalJson({ ...bundle, seal: { sha256: digest, cms: toBase64(cms) } });
  }

  async function genuineAnswers(): Promise<BallotBundle['answers']> {
    return [
      await signedAnswer('u-chair', ['agree', 'agree'], members.get('u-chair') as TestAuthority),
      await signedAnswer('u-member1', ['agree', 'disagree'], members.get('u-member1') as TestAuthority),
      await signedAnswer('u-member2', ['agree', 'agree'], members.get('u-member2') as TestAuthority),
    ];
  }

  const trust = () => ({ anchors: [root.certificate] });

  it('accepts a genuine bundle, and only against its anchors', async () => {
    const raw = await sealed(content(await genuineAnswers()));
    expect(await verifyBallotBundle(raw, trust())).toMatchObject({ ok: true, problems: [], answers: 3 });
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
    answers[1] = await signedAnswer('u-member1', ['disagree', 'disagree'], forgedKey);
    const raw = await sealed(content(answers, [officer.der, attackerOfficer.der]), attackerSeal);
    const check = await verifyBallotBundle(raw, trust());
    expect(check.ok).toBe(false);
    expect(check.problems.join('\n')).toMatch(/answer 2 \(u-member1\): the certificate of .* does not chain to a trust anchor/);
  });

  it('catches every answer turned into "disagree" and signed with keys the attacker holds, even under the genuine seal', async () => {
    const answers: BallotBundle['answers'] = [];
    for (const id of recipients) answers.push(await signedAnswer(id, ['disagree', 'disagree'], await testLeaf(attackerOfficer, id)));
    const check = await verifyBallotBundle(await sealed(content(answers, [attackerOfficer.der])), trust());
    expect(check.ok).toBe(false);
    expect(check.problems.filter((p) => p.includes('does not chain'))).toHaveLength(3);
  });

  it('catches an answer altered after signing, a key certified for someone else, and an answer signed after closing', async () => {
    const answers = await genuineAnswers();
    answers[0] = { ...answers[0], document: (answers[0] as { document: string }).document.replace('"choice":"agree"', '"choice":"disagree"') } as BallotBundle['answers'][number];
    answers[1] = await signedAnswer('u-member1', ['agree', 'agree'], members.get('u-member2') as TestAuthority);
    const late = await signedAnswer('u-member2', ['agree', 'agree'], members.get('u-member2') as TestAuthority);
    const lateDocument = JSON.parse(late.document) as SignedAnswerDocument;
    lateDocument.signedAt = new Date(closedAt.getTime() + 1000).toISOString();
    const lateText = canonicalJson(lateDocument);
    answers[2] = { ...late, document: lateText, signature: toBase64(await crypto.subtle.sign(EC_SIGN, (members.get('u-member2') as TestAuthority).keys.privateKey, toArrayBuffer(utf8(lateText)))) };
    const problems = (await verifyBallotBundle(await sealed(content(answers)), trust())).problems.join('\n');
    expect(problems).toContain('answer 1 (u-chair): the signature does not verify');
    expect(problems).toContain('answer 2 (u-member1): the certificate names someone other than the recipient');
    expect(problems).toContain('answer 3 (u-member2): signed after the ballot closed');
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
