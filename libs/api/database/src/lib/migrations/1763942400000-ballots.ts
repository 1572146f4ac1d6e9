import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Written opinion ballots, their recipients, signed answers, per-question opinions, keys, reminders. */
export class Ballots1763942400000 implements MigrationInterface {
  name = 'Ballots1763942400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    const id = (name = 'id') => ({ name, type: 'varchar', length: '36' });
    const fk = (column: string, table: string) => ({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' as const });

    await queryRunner.createTable(
      new Table({
        name: 'signing_keys',
        columns: [
          { ...id(), isPrimary: true },
          id('user_id'),
          { name: 'label', type: 'varchar', length: '100' },
          { name: 'public_key', type: 'text' },
          { name: 'fingerprint', type: 'varchar', length: '64' },
          { name: 'created_at', type: ts },
          { name: 'revoked_at', type: ts, isNullable: true },
        ],
        foreignKeys: [fk('user_id', 'users')],
        indices: [new TableIndex({ name: 'idx_signing_keys_user', columnNames: ['user_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'ballots',
        columns: [
          { ...id(), isPrimary: true },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'summary', type: 'text' },
          { name: 'questions', type: 'text' },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'version', type: 'integer', default: 1 },
          { name: 'deadline', type: ts },
          { name: 'silence_rule', type: 'varchar', length: '20' },
          { name: 'tally_visibility', type: 'varchar', length: '20' },
          { name: 'reminder_minutes', type: 'text' },
          { name: 'return_reason', type: 'text', isNullable: true },
          { ...id('chair_id'), isNullable: true },
          { ...id('created_by'), isNullable: true },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
          { name: 'issued_at', type: ts, isNullable: true },
          { name: 'closed_at', type: ts, isNullable: true },
          { name: 'result', type: 'text', isNullable: true },
        ],
        indices: [new TableIndex({ name: 'idx_ballots_status_deadline', columnNames: ['status', 'deadline'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'ballot_recipients',
        columns: [
          { ...id('ballot_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          { name: 'draft', type: 'text', isNullable: true },
          { name: 'draft_saved_at', type: ts, isNullable: true },
        ],
        foreignKeys: [fk('ballot_id', 'ballots'), fk('user_id', 'users')],
        indices: [new TableIndex({ name: 'idx_ballot_recipients_user', columnNames: ['user_id'] })],
      }),
    );

    // Every signed revision is kept; exactly one is current per recipient.
    await queryRunner.createTable(
      new Table({
        name: 'ballot_answers',
        columns: [
          { ...id(), isPrimary: true },
          id('ballot_id'),
          id('recipient_id'),
          { name: 'revision', type: 'integer' },
          { name: 'document', type: 'text' },
          { name: 'document_hash', type: 'varchar', length: '64' },
          { name: 'signature', type: 'text' },
          id('key_id'),
          { name: 'signed_at', type: ts },
          { name: 'received_at', type: ts },
          { name: 'is_current', type: 'boolean' },
        ],
        foreignKeys: [fk('ballot_id', 'ballots'), fk('recipient_id', 'users')],
        indices: [
          new TableIndex({ name: 'uq_ballot_answers_revision', columnNames: ['ballot_id', 'recipient_id', 'revision'], isUnique: true }),
          new TableIndex({ name: 'uq_ballot_answers_current', columnNames: ['ballot_id', 'recipient_id'], isUnique: true, where: 'is_current = true' }),
        ],
      }),
    );

    // One current opinion per recipient and question, enforced by a partial unique index.
    await queryRunner.createTable(
      new Table({
        name: 'ballot_opinions',
        columns: [
          id('answer_id'),
          id('ballot_id'),
          id('recipient_id'),
          { name: 'question_id', type: 'varchar', length: '36' },
          { name: 'revision', type: 'integer' },
          { name: 'choice', type: 'varchar', length: '10' },
          { name: 'comment', type: 'text' },
          { name: 'is_current', type: 'boolean' },
        ],
        foreignKeys: [fk('answer_id', 'ballot_answers')],
        indices: [
          new TableIndex({ name: 'uq_ballot_opinions_revision', columnNames: ['answer_id', 'question_id'], isUnique: true }),
          new TableIndex({ name: 'uq_ballot_opinions_current', columnNames: ['ballot_id', 'recipient_id', 'question_id'], isUnique: true, where: 'is_current = true' }),
        ],
      }),
    );

    // A reminder round is sent once, whichever instance gets there first.
    await queryRunner.createTable(
      new Table({
        name: 'ballot_reminders',
        columns: [
          { ...id('ballot_id'), isPrimary: true },
          { name: 'minutes_before', type: 'integer', isPrimary: true },
          { name: 'sent_at', type: ts },
          { name: 'recipients', type: 'text' },
        ],
        foreignKeys: [fk('ballot_id', 'ballots')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['ballot_reminders', 'ballot_opinions', 'ballot_answers', 'ballot_recipients', 'ballots', 'signing_keys']) await queryRunner.dropTable(table);
  }
}
