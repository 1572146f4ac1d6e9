import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** In-app notifications (the bell) and each user's choice of what also goes by e-mail. */
export class Notifications1764460800000 implements MigrationInterface {
  name = 'Notifications1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    const userFk = { columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' };

    await queryRunner.createTable(
      new Table({
        name: 'notifications',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '40' },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'link', type: 'varchar', length: '500', isNullable: true },
          // JSON as text: the same column on SQLite and PostgreSQL.
          { name: 'params', type: 'text' },
          { name: 'dedupe_key', type: 'varchar', length: '200', isNullable: true },
          { name: 'created_at', type: ts },
          { name: 'read_at', type: ts, isNullable: true },
        ],
        foreignKeys: [userFk],
        indices: [
          new TableIndex({ name: 'idx_notifications_user_created', columnNames: ['user_id', 'created_at'] }),
          // NULLs are distinct on both drivers: only keyed notifications are made once.
          new TableIndex({ name: 'uq_notifications_user_dedupe', columnNames: ['user_id', 'dedupe_key'], isUnique: true }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_preferences',
        columns: [
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '40', isPrimary: true },
          { name: 'email', type: 'boolean' },
          { name: 'updated_at', type: ts },
        ],
        foreignKeys: [userFk],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification_preferences');
    await queryRunner.dropTable('notifications');
  }
}
