import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * Papers attached to a written opinion ballot. A ballot's papers are fixed with the ballot (they
 * are added or removed only while it is a draft, and each change moves the version recipients
 * sign), so a ballot paper has a single version; its bytes live in the file store by SHA-256
 * like every other paper.
 */
export class BallotPapers1764374400000 implements MigrationInterface {
  name = 'BallotPapers1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    const id = (name = 'id') => ({ name, type: 'varchar', length: '36' });

    await queryRunner.createTable(
      new Table({
        name: 'ballot_papers',
        columns: [
          { ...id(), isPrimary: true },
          id('ballot_id'),
          { name: 'position', type: 'integer' },
          { name: 'title', type: 'varchar', length: '300' },
          { name: 'classification', type: 'varchar', length: '20' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'size_bytes', type: 'integer' },
          { name: 'page_count', type: 'integer' },
          { name: 'file_name', type: 'varchar', length: '255' },
          { ...id('uploaded_by'), isNullable: true },
          { name: 'uploaded_at', type: ts },
        ],
        foreignKeys: [{ columnNames: ['ballot_id'], referencedTableName: 'ballots', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [new TableIndex({ name: 'idx_ballot_papers_ballot', columnNames: ['ballot_id'] }), new TableIndex({ name: 'idx_ballot_papers_sha256', columnNames: ['sha256'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ballot_papers');
  }
}
