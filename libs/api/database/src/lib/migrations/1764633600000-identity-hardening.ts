import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The last TOTP time-step accepted for each user: a code is accepted once, and no code of an
 * earlier or the same step is accepted after it (a code seen over a shoulder cannot be replayed
 * within its 30-second window). TOTP secrets are sealed with AES-256-GCM, longer than the
 * base32 secret: the column widens (SQLite does not enforce varchar lengths). Secrets stored in
 * plain text are sealed at boot by TotpService, which holds the key a migration does not.
 */
export class IdentityHardening1764633600000 implements MigrationInterface {
  name = 'IdentityHardening1764633600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('users', new TableColumn({ name: 'totp_last_step', type: 'bigint', isNullable: true }));
    if (queryRunner.connection.driver.options.type === 'postgres') await queryRunner.query('ALTER TABLE users ALTER COLUMN totp_secret TYPE varchar(255)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'totp_last_step');
    if (queryRunner.connection.driver.options.type === 'postgres') await queryRunner.query('ALTER TABLE users ALTER COLUMN totp_secret TYPE varchar(64)');
  }
}
