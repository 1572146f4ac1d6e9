import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * The chair signs a ballot's approval, and each extension of its deadline, on his device: the
 * signed documents are kept as signed. Ballots approved before this have none, so their bundles
 * no longer verify; none is in the field yet.
 */
export class BallotApprovals1765152000000 implements MigrationInterface {
  name = 'BallotApprovals1765152000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'ballot_approvals',
        columns: [
          { name: 'ballot_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'sequence', type: 'integer', isPrimary: true },
          { name: 'document', type: 'text' },
          { name: 'document_hash', type: 'varchar', length: '64' },
          { name: 'signature', type: 'text' },
          { name: 'key_id', type: 'varchar', length: '36' },
          { name: 'signed_at', type: ts },
          { name: 'deadline', type: ts },
        ],
        foreignKeys: [{ columnNames: ['ballot_id'], referencedTableName: 'ballots', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ballot_approvals');
  }
}
