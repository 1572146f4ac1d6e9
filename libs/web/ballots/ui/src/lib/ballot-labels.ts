import type { BallotStatus, OpinionChoice, SilenceRule } from '@ecabinet/shared/contracts';
import type { TranslationKey } from '@ecabinet/web/shared/i18n';

/** Translation keys of the ballot's enumerations, checked against the dictionary at compile time. */
export const ballotStatusKey = (status: BallotStatus): TranslationKey => `ballots.status.${status}`;
export const opinionChoiceKey = (choice: OpinionChoice): TranslationKey => `ballots.choice.${choice}`;
export const silenceRuleKey = (rule: SilenceRule): TranslationKey => `ballots.silence.${rule}`;
