import { BallotAnswerEntity, BallotOpinionEntity } from './answer.entity';
import { BallotEntity, BallotPaperEntity, BallotRecipientEntity, BallotReminderEntity } from './ballot.entity';
import { SigningKeyEntity } from './signing-key.entity';

export { BallotAnswerEntity, BallotEntity, BallotPaperEntity, BallotOpinionEntity, BallotRecipientEntity, BallotReminderEntity, SigningKeyEntity };

export const BALLOT_ENTITIES = [SigningKeyEntity, BallotEntity, BallotRecipientEntity, BallotAnswerEntity, BallotOpinionEntity, BallotReminderEntity, BallotPaperEntity];
