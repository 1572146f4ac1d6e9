import { BallotAnswerEntity, BallotOpinionEntity } from './answer.entity';
import { BallotEntity, BallotRecipientEntity, BallotReminderEntity } from './ballot.entity';
import { SigningKeyEntity } from './signing-key.entity';

export { BallotAnswerEntity, BallotEntity, BallotOpinionEntity, BallotRecipientEntity, BallotReminderEntity, SigningKeyEntity };

export const BALLOT_ENTITIES = [SigningKeyEntity, BallotEntity, BallotRecipientEntity, BallotAnswerEntity, BallotOpinionEntity, BallotReminderEntity];
