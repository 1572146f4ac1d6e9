import type { BallotQuestion, OpinionChoice, QuestionTally, SilenceRule } from './ballots';

export interface TallyInput {
  questions: readonly Pick<BallotQuestion, 'id'>[];
  recipientIds: readonly string[];
  silenceRule: SilenceRule;
  chairId: string | null;
  /** The current (last) answer of each recipient who answered. */
  answers: ReadonlyMap<string, ReadonlyMap<string, OpinionChoice>>;
}

/**
 * The ballot's outcome, one rule for the server, the web app and the offline verifier: a
 * question passes when MORE than half of ALL recipients agree (not of those who answered).
 * Silent recipients count as agreeing only under the "agree" silence rule. When agreement is
 * exactly half, the side the chair took decides.
 */
export function tallyBallot(input: TallyInput): QuestionTally[] {
  const recipients = input.recipientIds.length;
  const needed = Math.floor(recipients / 2) + 1;
  return input.questions.map((question) => {
    const counts = { agree: 0, disagree: 0, other: 0 };
    let silent = 0;
    for (const recipientId of input.recipientIds) {
      const choice = input.answers.get(recipientId)?.get(question.id);
      if (choice) counts[choice] += 1;
      else silent += 1;
    }
    const silentCountedAsAgree = input.silenceRule === 'agree' ? silent : 0;
    const agreeTotal = counts.agree + silentCountedAsAgree;
    const tie = recipients > 0 && agreeTotal * 2 === recipients;
    const chairChoice = input.chairId && input.recipientIds.includes(input.chairId) ? (input.answers.get(input.chairId)?.get(question.id) ?? null) : null;
    const passed = agreeTotal >= needed || (tie && (chairChoice === 'agree' || (chairChoice === null && input.silenceRule === 'agree' && !!input.chairId && input.recipientIds.includes(input.chairId))));
    return { questionId: question.id, ...counts, silent, silentCountedAsAgree, agreeTotal, recipients, needed, tie, chairChoice, passed };
  });
}
