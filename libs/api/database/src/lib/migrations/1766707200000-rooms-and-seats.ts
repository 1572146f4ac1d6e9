import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Rooms and seats (#15): a room's seat map (JSON rows of labelled seats), and who sits where per meeting. */
export class RoomsAndSeats1766707200000 implements MigrationInterface {
  name = 'RoomsAndSeats1766707200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'meeting_rooms',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'layout', type: 'text' },
          { name: 'updated_at', type: ts },
        ],
      }),
    );
    await queryRunner.addColumn('meetings', new TableColumn({ name: 'room_id', type: 'varchar', length: '36', isNullable: true }));
    await queryRunner.createTable(
      new Table({
        name: 'meeting_seats',
        columns: [
          { name: 'meeting_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'seat_key', type: 'varchar', length: '20', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
        ],
        foreignKeys: [{ columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('meeting_seats');
    await queryRunner.dropColumn('meetings', 'room_id');
    await queryRunner.dropTable('meeting_rooms');
  }
}
