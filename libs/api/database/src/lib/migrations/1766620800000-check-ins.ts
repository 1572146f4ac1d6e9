import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Check-in by QR code (#15): who was scanned at the door of which meeting, when and by whom. */
export class CheckIns1766620800000 implements MigrationInterface {
  name = 'CheckIns1766620800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'meeting_check_ins',
        columns: [
          { name: 'meeting_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'checked_in_at', type: ts },
          { name: 'checked_in_by', type: 'varchar', length: '36' },
        ],
        foreignKeys: [{ columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('meeting_check_ins');
  }
}
