import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * How a session was signed in: with a password (and the account's own second factor, if any), or
 * through the organisation's identity provider, which may itself assert a second factor. Every
 * refresh token of a session carries it, so that the second-factor policy is judged per session.
 */
export class SignInMethod1764979200000 implements MigrationInterface {
  name = 'SignInMethod1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn('refresh_tokens', new TableColumn({ name: 'sign_in_method', type: 'varchar', length: '16', default: "'password'" }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('refresh_tokens', 'sign_in_method');
  }
}
