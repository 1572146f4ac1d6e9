import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Meeting papers and their versions, readers, item exclusions, reads, trace codes and compiled books. */
export class Papers1764115200000 implements MigrationInterface {
  name = 'Papers1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    const id = (name = 'id') => ({ name, type: 'varchar', length: '36' });
    const fk = (column: string, table: string) => ({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

    await queryRunner.createTable(
      new Table({
        name: 'papers',
        columns: [
          { ...id(), isPrimary: true },
          id('meeting_id'),
          id('item_id'),
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'classification', type: 'varchar', length: '20' },
          { name: 'position', type: 'integer' },
          { name: 'current_version', type: 'integer' },
          { name: 'revision', type: 'integer', default: 1 },
          { ...id('created_by'), isNullable: true },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
        ],
        foreignKeys: [fk('meeting_id', 'meetings'), fk('item_id', 'agenda_items')],
        indices: [new TableIndex({ name: 'idx_papers_meeting', columnNames: ['meeting_id'] }), new TableIndex({ name: 'idx_papers_item', columnNames: ['item_id'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'paper_versions',
        columns: [
          { ...id('paper_id'), isPrimary: true },
          { name: 'version', type: 'integer', isPrimary: true },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'size_bytes', type: 'integer' },
          { name: 'page_count', type: 'integer' },
          { name: 'file_name', type: 'varchar', length: '255' },
          { ...id('uploaded_by'), isNullable: true },
          { name: 'uploaded_at', type: ts },
        ],
        foreignKeys: [fk('paper_id', 'papers')],
        indices: [new TableIndex({ name: 'idx_paper_versions_sha256', columnNames: ['sha256'] })],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'paper_readers',
        columns: [
          { ...id('paper_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
        ],
        foreignKeys: [fk('paper_id', 'papers'), fk('user_id', 'users')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'paper_reads',
        columns: [
          { ...id('paper_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          { name: 'version', type: 'integer' },
          { name: 'read_at', type: ts },
        ],
        foreignKeys: [fk('paper_id', 'papers'), fk('user_id', 'users')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'agenda_item_exclusions',
        columns: [
          { ...id('item_id'), isPrimary: true },
          { ...id('user_id'), isPrimary: true },
          id('meeting_id'),
        ],
        foreignKeys: [fk('item_id', 'agenda_items'), fk('user_id', 'users')],
        indices: [new TableIndex({ name: 'idx_item_exclusions_meeting', columnNames: ['meeting_id'] })],
      }),
    );

    // No foreign keys: a trace must outlive the paper, the meeting and even the user's account.
    await queryRunner.createTable(
      new Table({
        name: 'paper_traces',
        columns: [
          { name: 'code', type: 'varchar', length: '16', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'purpose', type: 'varchar', length: '10' },
          id('user_id'),
          id('meeting_id'),
          { ...id('paper_id'), isNullable: true },
          { name: 'paper_version', type: 'integer', isNullable: true },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'created_at', type: ts },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'meeting_books',
        columns: [
          { name: 'key', type: 'varchar', length: '64', isPrimary: true },
          id('meeting_id'),
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'page_count', type: 'integer' },
          { name: 'size_bytes', type: 'integer' },
          { name: 'created_at', type: ts },
        ],
        foreignKeys: [fk('meeting_id', 'meetings')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['meeting_books', 'paper_traces', 'agenda_item_exclusions', 'paper_reads', 'paper_readers', 'paper_versions', 'papers']) {
      await queryRunner.dropTable(table);
    }
  }
}
