import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * The room screen (#15): codes shown by screens waiting to be paired, the screens paired to a
 * meeting (their credential kept only as a hash), and how long each speaker may hold the floor.
 */
export class RoomScreens1766448000000 implements MigrationInterface {
  name = 'RoomScreens1766448000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'room_screens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'meeting_id', type: 'varchar', length: '36' },
          { name: 'label', type: 'varchar', length: '100' },
          { name: 'token_hash', type: 'varchar', length: '64', isNullable: true },
          { name: 'paired_by', type: 'varchar', length: '36' },
          { name: 'paired_at', type: ts },
          { name: 'claimed_at', type: ts, isNullable: true },
          { name: 'revoked_at', type: ts, isNullable: true },
        ],
        indices: [{ name: 'idx_room_screens_meeting', columnNames: ['meeting_id'] }],
        foreignKeys: [{ columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'room_screen_pairings',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'code', type: 'varchar', length: '12' },
          { name: 'secret_hash', type: 'varchar', length: '64' },
          { name: 'expires_at', type: ts },
          { name: 'screen_id', type: 'varchar', length: '36', isNullable: true },
        ],
        indices: [
          { name: 'uq_room_screen_pairings_code', columnNames: ['code'], isUnique: true },
          { name: 'idx_room_screen_pairings_expires', columnNames: ['expires_at'] },
        ],
      }),
    );
    await queryRunner.addColumn('meetings', new TableColumn({ name: 'speaking_limit_minutes', type: 'integer', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('meetings', 'speaking_limit_minutes');
    await queryRunner.dropTable('room_screen_pairings');
    await queryRunner.dropTable('room_screens');
  }
}
