import { Table, TableColumn, TableForeignKey, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Organisations (bộ, ngành, cơ quan), each user's organisation, and who leads each. */
export class Organisations1765670400000 implements MigrationInterface {
  name = 'Organisations1765670400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'organisations',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'name', type: 'varchar', length: '200' },
          { name: 'short_name', type: 'varchar', length: '100' },
          { name: 'symbol', type: 'varchar', length: '20', isUnique: true },
          { name: 'head_user_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
        ],
        foreignKeys: [{ columnNames: ['head_user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.addColumn('users', new TableColumn({ name: 'organisation_id', type: 'varchar', length: '36', isNullable: true }));
    await queryRunner.createForeignKey('users', new TableForeignKey({ columnNames: ['organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const users = await queryRunner.getTable('users');
    const foreignKey = users?.foreignKeys.find((key) => key.columnNames.includes('organisation_id'));
    if (foreignKey) await queryRunner.dropForeignKey('users', foreignKey);
    await queryRunner.dropColumn('users', 'organisation_id');
    await queryRunner.dropTable('organisations');
  }
}
