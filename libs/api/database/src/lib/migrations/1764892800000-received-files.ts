import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * An upload that had to be repaired or decrypted on the way in is kept twice: the file copies
 * are made from (`sha256`, as before) and the bytes as received, as evidence (`received_sha256`,
 * null when the two are the same file). A paper version also says what was done to it, for the
 * audit and the papers desk. Indexed, because a stored file is deleted only once nothing refers
 * to it either way.
 */
export class ReceivedFiles1764892800000 implements MigrationInterface {
  name = 'ReceivedFiles1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const received = () => [
      new TableColumn({ name: 'received_sha256', type: 'varchar', length: '64', isNullable: true }),
      new TableColumn({ name: 'received_size_bytes', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'repaired', type: 'boolean', default: false }),
      new TableColumn({ name: 'decrypted', type: 'boolean', default: false }),
    ];
    await queryRunner.addColumns('paper_versions', received());
    await queryRunner.createIndex('paper_versions', new TableIndex({ name: 'idx_paper_versions_received_sha256', columnNames: ['received_sha256'] }));
    await queryRunner.addColumns('ballot_papers', received());
    await queryRunner.createIndex('ballot_papers', new TableIndex({ name: 'idx_ballot_papers_received_sha256', columnNames: ['received_sha256'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['ballot_papers', 'paper_versions']) {
      await queryRunner.dropIndex(table, `idx_${table}_received_sha256`);
      for (const column of ['decrypted', 'repaired', 'received_size_bytes', 'received_sha256']) await queryRunner.dropColumn(table, column);
    }
  }
}
