import { BallotAnswerEntity, BallotOpinionEntity } from './answer.entity';
import { BallotApprovalEntity } from './approval.entity';
import { OfficerAuthorityEntity } from './officer-authority.entity';
import { BallotEntity, BallotPaperEntity, BallotRecipientEntity, BallotReminderEntity } from './ballot.entity';
import { SigningKeyEntity } from './signing-key.entity';

export { OfficerAuthorityEntity, BallotAnswerEntity, BallotApprovalEntity, BallotEntity, BallotPaperEntity, BallotOpinionEntity, BallotRecipientEntity, BallotReminderEntity, SigningKeyEntity };

export const BALLOT_ENTITIES = [SigningKeyEntity, BallotEntity, BallotRecipientEntity, BallotAnswerEntity, BallotOpinionEntity, BallotReminderEntity, BallotPaperEntity, BallotApprovalEntity, OfficerAuthorityEntity];
