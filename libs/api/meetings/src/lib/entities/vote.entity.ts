import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { VoteChoice } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

@Entity('votes')
export class VoteEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ name: 'item_id', type: 'varchar', length: 36 })
  itemId!: string;

  @Column({ type: 'varchar', length: 500 })
  question!: string;

  @Column({ type: 'boolean', default: false })
  secret!: boolean;

  @Column({ type: 'varchar', length: 10 })
  status!: 'open' | 'closed';

  /** Who could vote when the vote opened (present members, and delegates where allowed). */
  @Column({ type: 'integer' })
  eligible!: number;

  @Column({ type: 'text', nullable: true })
  result!: string | null;

  @DateTimeColumn({ name: 'opened_at' })
  openedAt!: Date;

  @DateTimeColumn({ name: 'closed_at', nullable: true })
  closedAt!: Date | null;
}

/**
 * One row per voter and vote: the primary key is the one-vote rule. In a named vote it holds the
 * choice; in a secret vote only that the member voted (choice null): the choices are counted apart
 * in {@link SecretVoteCountEntity}, with nothing that leads back to a voter.
 */
@Entity('vote_ballots')
export class VoteBallotEntity {
  @PrimaryColumn({ name: 'vote_id', type: 'varchar', length: 36 })
  voteId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  choice!: VoteChoice | null;

  @DateTimeColumn({ name: 'cast_at' })
  castAt!: Date;

  @Column({ type: 'integer', default: 1 })
  revision!: number;
}

/** A secret vote's choices: a count per choice, no voter, no time, no order. */
@Entity('vote_secret_counts')
export class SecretVoteCountEntity {
  @PrimaryColumn({ name: 'vote_id', type: 'varchar', length: 36 })
  voteId!: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  choice!: VoteChoice;

  @Column({ type: 'integer' })
  count!: number;
}
