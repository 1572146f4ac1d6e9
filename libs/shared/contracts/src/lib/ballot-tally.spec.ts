import { tallyBallot, type TallyInput } from './ballot-tally';
import type { OpinionChoice } from './ballots';

const q = [{ id: 'q1' }];
const answers = (entries: Record<string, OpinionChoice>) => new Map(Object.entries(entries).map(([who, choice]) => [who, new Map([['q1', choice]])]));
const base = (overrides: Partial<TallyInput>): TallyInput => ({
  questions: q,
  recipientIds: ['a', 'b', 'c', 'd', 'e'],
  silenceRule: 'not_counted',
  chairId: 'a',
  answers: new Map(),
  ...overrides,
});

describe('tallyBallot', () => {
  it('needs more than half of ALL recipients, not of those who answered', () => {
    const [result] = tallyBallot(base({ answers: answers({ a: 'agree', b: 'agree' }) }));
    expect(result).toMatchObject({ agree: 2, silent: 3, needed: 3, passed: false });
    const [passes] = tallyBallot(base({ answers: answers({ a: 'agree', b: 'agree', c: 'agree' }) }));
    expect(passes.passed).toBe(true);
  });

  it('counts silence as agreement only under that rule, and says so', () => {
    const [counted] = tallyBallot(base({ silenceRule: 'agree', answers: answers({ a: 'disagree', b: 'disagree' }) }));
    expect(counted).toMatchObject({ agree: 0, disagree: 2, silent: 3, silentCountedAsAgree: 3, agreeTotal: 3, passed: true });
    const [ignored] = tallyBallot(base({ silenceRule: 'not_counted', answers: answers({ a: 'disagree', b: 'disagree' }) }));
    expect(ignored).toMatchObject({ silentCountedAsAgree: 0, agreeTotal: 0, passed: false });
  });

  it('breaks an exact half with the chair’s side', () => {
    const four = ['a', 'b', 'c', 'd'];
    const [chairAgrees] = tallyBallot(base({ recipientIds: four, answers: answers({ a: 'agree', b: 'agree', c: 'disagree', d: 'disagree' }) }));
    expect(chairAgrees).toMatchObject({ tie: true, chairChoice: 'agree', passed: true });
    const [chairDisagrees] = tallyBallot(base({ recipientIds: four, answers: answers({ a: 'disagree', b: 'agree', c: 'agree', d: 'other' }) }));
    expect(chairDisagrees).toMatchObject({ tie: true, chairChoice: 'disagree', passed: false });
  });

  it('"other opinion" is not agreement', () => {
    const [result] = tallyBallot(base({ answers: answers({ a: 'other', b: 'other', c: 'other', d: 'agree' }) }));
    expect(result).toMatchObject({ other: 3, agree: 1, passed: false });
  });
});
