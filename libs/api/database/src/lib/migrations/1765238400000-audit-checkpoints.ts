import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

/** Signed checkpoints of the audit log (size, Merkle root, the sealed file as mailed to the inspectors). */
export class AuditCheckpoints1765238400000 implements MigrationInterface {
  name = 'AuditCheckpoints1765238400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'audit_checkpoints',
        columns: [
          { name: 'size', type: 'integer', isPrimary: true },
          { name: 'root_hash', type: 'varchar', length: '64' },
          { name: 'at', type: 'varchar', length: '30' },
          { name: 'reason', type: 'varchar', length: '20' },
          { name: 'file', type: 'text' },
          { name: 'mailed_to', type: 'integer', default: 0 },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_checkpoints');
  }
}
