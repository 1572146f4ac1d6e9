export * from './lib/ballots.module';
export * from './lib/ballots.service';
export * from './lib/ballot-scheduler';
export * from './lib/answer-signature';
export { BALLOT_ENTITIES, BallotEntity, SigningKeyEntity } from './lib/entities';
