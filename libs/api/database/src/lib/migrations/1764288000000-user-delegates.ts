import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Which members a delegate (assistant) assists: one row per pair. The delegate receives the
 * overdue reminders of the opinion ballots their members have not answered.
 */
export class UserDelegates1764288000000 implements MigrationInterface {
  name = 'UserDelegates1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const id = (name: string) => ({ name, type: 'varchar', length: '36', isPrimary: true });
    const fk = (column: string) => ({ columnNames: [column], referencedTableName: 'users', referencedColumnNames: ['id'], onDelete: 'CASCADE' });

    await queryRunner.createTable(
      new Table({
        name: 'user_delegates',
        columns: [id('member_id'), id('delegate_id')],
        foreignKeys: [fk('member_id'), fk('delegate_id')],
        // The primary key serves "delegates of these members"; this serves "whom does this delegate assist".
        indices: [new TableIndex({ name: 'idx_user_delegates_delegate', columnNames: ['delegate_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('user_delegates');
  }
}
