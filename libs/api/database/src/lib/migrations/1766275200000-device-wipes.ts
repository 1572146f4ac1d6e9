import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * Remote wipe (#14): a device (a session's refresh-token family) told to delete what it keeps
 * (stored papers, drafts, keys) the next time it reaches the server; `wiped_at` when it did.
 */
export class DeviceWipes1766275200000 implements MigrationInterface {
  name = 'DeviceWipes1766275200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'device_wipes',
        columns: [
          { name: 'family_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'reason', type: 'varchar', length: '20' },
          { name: 'requested_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'requested_at', type: ts },
          { name: 'wiped_at', type: ts, isNullable: true },
        ],
        indices: [{ name: 'idx_device_wipes_user', columnNames: ['user_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('device_wipes');
  }
}
