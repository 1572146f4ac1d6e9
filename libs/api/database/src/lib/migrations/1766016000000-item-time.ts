import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The time an item was on the floor, banked each time the session leaves it (an item taken up
 * twice counts both times): the statistics set it against the planned minutes.
 */
export class ItemTime1766016000000 implements MigrationInterface {
  name = 'ItemTime1766016000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('agenda_items', new TableColumn({ name: 'spent_seconds', type: 'integer', default: 0 }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('agenda_items', 'spent_seconds');
  }
}
