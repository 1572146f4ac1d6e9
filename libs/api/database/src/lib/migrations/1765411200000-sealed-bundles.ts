import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A closed ballot's result bundle is sealed once and kept: every download is the same file. */
export class SealedBundles1765411200000 implements MigrationInterface {
  name = 'SealedBundles1765411200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('ballots', new TableColumn({ name: 'sealed_bundle', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('ballots', 'sealed_bundle');
  }
}
