import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Meetings, participants, the agenda tree, the meeting event log, positions, speakers and votes. */
export class Meetings1763856000000 implements MigrationInterface {
  name = 'Meetings1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    const id = (name = 'id') => ({ name, type: 'varchar', length: '36' });
    const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL' = 'CASCADE') => ({
      columnNames: [column],
      referencedTableName: table,
      referencedColumnNames: ['id'],
      onDelete,
    });

    await queryRunner.createTable(
      new Table({
        name: 'meetings',
        columns: [
          { ...id(), isPrimary: true },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'place', type: 'varchar', length: '300', isNullable: true },
          { name: 'online_link', type: 'varchar', length: '500', isNullable: true },
          { name: 'starts_at', type: ts },
          { name: 'ends_at', type: ts, isNullable: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'quorum_numerator', type: 'integer', default: 2 },
          { name: 'quorum_denominator', type: 'integer', default: 3 },
          { name: 'vote_rule', type: 'varchar', length: '30', default: "'majority_of_all'" },
          { name: 'delegates_may_vote', type: 'boolean', default: false },
          { name: 'current_item_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'adopted_without_debate_at', type: ts, isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'agenda_version', type: 'integer', default: 1 },
          { name: 'last_seq', type: 'integer', default: 0 },
          { name: 'created_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
        ],
        indices: [new TableIndex({ name: 'idx_meetings_starts_at', columnNames: ['starts_at'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'meeting_participants',
        columns: [
          { ...id('meeting_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          { name: 'role', type: 'varchar', length: '20' },
          { name: 'delegate_for_user_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'attendance', type: 'varchar', length: '20', default: "'unknown'" },
        ],
        foreignKeys: [fk('meeting_id', 'meetings'), fk('user_id', 'users')],
        indices: [new TableIndex({ name: 'idx_participants_user', columnNames: ['user_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'agenda_items',
        columns: [
          { ...id(), isPrimary: true },
          id('meeting_id'),
          { ...id('parent_id'), isNullable: true },
          { name: 'position', type: 'integer' },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'summary', type: 'text', isNullable: true },
          { name: 'presenter', type: 'varchar', length: '300', isNullable: true },
          { name: 'planned_minutes', type: 'integer', isNullable: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'conclusion', type: 'text', isNullable: true },
          { name: 'adopted_without_debate', type: 'boolean', default: false },
          { name: 'vote_result', type: 'text', isNullable: true },
          { name: 'started_at', type: ts, isNullable: true },
          { name: 'version', type: 'integer', default: 1 },
        ],
        foreignKeys: [fk('meeting_id', 'meetings')],
        indices: [new TableIndex({ name: 'idx_agenda_meeting', columnNames: ['meeting_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'meeting_events',
        columns: [
          { ...id('meeting_id'), isPrimary: true },
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'data', type: 'text' },
          { name: 'at', type: 'varchar', length: '30' },
        ],
        foreignKeys: [fk('meeting_id', 'meetings')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'agenda_positions',
        columns: [
          { ...id('item_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          id('meeting_id'),
          { name: 'position', type: 'varchar', length: '20' },
          { name: 'note', type: 'text', isNullable: true },
          { name: 'updated_at', type: ts },
        ],
        foreignKeys: [fk('item_id', 'agenda_items'), fk('user_id', 'users')],
        indices: [new TableIndex({ name: 'idx_positions_meeting', columnNames: ['meeting_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'speakers',
        columns: [
          { ...id(), isPrimary: true },
          id('meeting_id'),
          id('item_id'),
          id('user_id'),
          { name: 'state', type: 'varchar', length: '20' },
          { name: 'requested_at', type: ts },
          { name: 'started_at', type: ts, isNullable: true },
          { name: 'ended_at', type: ts, isNullable: true },
        ],
        foreignKeys: [fk('item_id', 'agenda_items'), fk('user_id', 'users')],
        indices: [new TableIndex({ name: 'idx_speakers_item', columnNames: ['item_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'votes',
        columns: [
          { ...id(), isPrimary: true },
          id('meeting_id'),
          id('item_id'),
          { name: 'question', type: 'varchar', length: '500' },
          { name: 'secret', type: 'boolean', default: false },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'eligible', type: 'integer' },
          { name: 'result', type: 'text', isNullable: true },
          { name: 'opened_at', type: ts },
          { name: 'closed_at', type: ts, isNullable: true },
        ],
        foreignKeys: [fk('meeting_id', 'meetings'), fk('item_id', 'agenda_items')],
        indices: [new TableIndex({ name: 'idx_votes_meeting', columnNames: ['meeting_id'] })],
      }),
    );

    // One ballot per voter and vote, enforced by the database: the primary key.
    await queryRunner.createTable(
      new Table({
        name: 'vote_ballots',
        columns: [
          { ...id('vote_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          { name: 'choice', type: 'varchar', length: '10' },
          { name: 'cast_at', type: ts },
          { name: 'revision', type: 'integer', default: 1 },
        ],
        foreignKeys: [fk('vote_id', 'votes'), fk('user_id', 'users')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['vote_ballots', 'votes', 'speakers', 'agenda_positions', 'meeting_events', 'agenda_items', 'meeting_participants', 'meetings']) {
      await queryRunner.dropTable(table);
    }
  }
}
