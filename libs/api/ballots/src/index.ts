export * from './lib/ballots.module';
export * from './lib/ballots.service';
export * from './lib/ballot-scheduler';
export * from './lib/answer-signature';
export { BALLOT_ENTITIES, BallotEntity, BallotPaperEntity, BallotRecipientEntity, SigningKeyEntity } from './lib/entities';
export { canSeeBallot, isBallotStaff } from './lib/ballot-access';
