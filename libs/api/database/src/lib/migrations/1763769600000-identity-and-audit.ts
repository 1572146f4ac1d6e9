import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * Users, refresh tokens, login throttling, settings and the hash-chained audit log.
 * Written with TypeORM's Table API so the same migration runs on SQLite and PostgreSQL.
 */
export class IdentityAndAudit1763769600000 implements MigrationInterface {
  name = 'IdentityAndAudit1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.options.type;
    const ts = dateTimeType(driver);

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'username', type: 'varchar', length: '64', isUnique: true },
          { name: 'full_name', type: 'varchar', length: '200' },
          { name: 'title', type: 'varchar', length: '200', isNullable: true },
          { name: 'email', type: 'varchar', length: '254', isNullable: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'roles', type: 'varchar', length: '200' },
          { name: 'disabled', type: 'boolean', default: false },
          { name: 'totp_secret', type: 'varchar', length: '64', isNullable: true },
          { name: 'totp_enabled', type: 'boolean', default: false },
          { name: 'session_epoch', type: 'integer', default: 0 },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'family_id', type: 'varchar', length: '36' },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'expires_at', type: ts },
          { name: 'created_at', type: ts },
          { name: 'used_at', type: ts, isNullable: true },
          { name: 'revoked_at', type: ts, isNullable: true },
          { name: 'user_agent', type: 'varchar', length: '300', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
        indices: [
          new TableIndex({ name: 'idx_refresh_tokens_user', columnNames: ['user_id'] }),
          new TableIndex({ name: 'idx_refresh_tokens_family', columnNames: ['family_id'] }),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'login_throttle',
        columns: [
          { name: 'key', type: 'varchar', length: '200', isPrimary: true },
          { name: 'failures', type: 'integer', default: 0 },
          { name: 'window_started_at', type: ts },
          { name: 'locked_until', type: ts, isNullable: true },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'settings',
        columns: [
          { name: 'key', type: 'varchar', length: '100', isPrimary: true },
          { name: 'value', type: 'text' },
          { name: 'updated_at', type: ts },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'seq', type: 'integer', isPrimary: true },
          { name: 'at', type: 'varchar', length: '30' },
          { name: 'actor_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'actor_username', type: 'varchar', length: '64', isNullable: true },
          { name: 'action', type: 'varchar', length: '80' },
          { name: 'target_type', type: 'varchar', length: '40', isNullable: true },
          { name: 'target_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'ip', type: 'varchar', length: '64', isNullable: true },
          { name: 'correlation_id', type: 'varchar', length: '64', isNullable: true },
          { name: 'details', type: 'text', isNullable: true },
          { name: 'prev_hash', type: 'varchar', length: '64' },
          { name: 'hash', type: 'varchar', length: '64' },
        ],
        indices: [
          new TableIndex({ name: 'idx_audit_action', columnNames: ['action'] }),
          new TableIndex({ name: 'idx_audit_actor', columnNames: ['actor_username'] }),
          new TableIndex({ name: 'idx_audit_at', columnNames: ['at'] }),
        ],
      }),
    );

    // The audit log is append-only at the database level too: updates and deletes abort.
    if (driver === 'postgres') {
      await queryRunner.query(`
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$`);
      await queryRunner.query(`
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    } else {
      await queryRunner.query(`
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
      await queryRunner.query(`
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const driver = queryRunner.connection.options.type;
    if (driver === 'postgres') {
      await queryRunner.query('DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log');
      await queryRunner.query('DROP FUNCTION IF EXISTS audit_log_append_only()');
    }
    await queryRunner.dropTable('audit_log');
    await queryRunner.dropTable('settings');
    await queryRunner.dropTable('login_throttle');
    await queryRunner.dropTable('refresh_tokens');
    await queryRunner.dropTable('users');
  }
}
