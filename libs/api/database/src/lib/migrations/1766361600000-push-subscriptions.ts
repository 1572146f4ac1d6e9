import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * Web Push (#14): each device's subscription (one per push endpoint, tied to the session that
 * made it, so it dies with the device's revocation), and per kind whether a user wants it pushed
 * (null: the kind's default).
 */
export class PushSubscriptions1766361600000 implements MigrationInterface {
  name = 'PushSubscriptions1766361600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'push_subscriptions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'device_id', type: 'varchar', length: '36' },
          { name: 'endpoint', type: 'varchar', length: '1000' },
          { name: 'p256dh', type: 'varchar', length: '100' },
          { name: 'auth', type: 'varchar', length: '50' },
          { name: 'created_at', type: ts },
          { name: 'last_sent_at', type: ts, isNullable: true },
        ],
        indices: [
          { name: 'uq_push_subscriptions_endpoint', columnNames: ['endpoint'], isUnique: true },
          { name: 'idx_push_subscriptions_user', columnNames: ['user_id'] },
          { name: 'idx_push_subscriptions_device', columnNames: ['device_id'] },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.addColumn('notification_preferences', new TableColumn({ name: 'push', type: 'boolean', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('notification_preferences', 'push');
    await queryRunner.dropTable('push_subscriptions');
  }
}
