import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Members' private notes and highlights on pages of papers. */
export class PaperAnnotations1764201600000 implements MigrationInterface {
  name = 'PaperAnnotations1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    const id = (name = 'id') => ({ name, type: 'varchar', length: '36' });
    const fk = (column: string, table: string) => ({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete: 'CASCADE' });

    await queryRunner.createTable(
      new Table({
        name: 'paper_annotations',
        columns: [
          { ...id(), isPrimary: true },
          id('paper_id'),
          id('user_id'),
          { name: 'version', type: 'integer' },
          { name: 'page', type: 'integer' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'text', type: 'text' },
          // JSON as text: the same column on SQLite and PostgreSQL.
          { name: 'rects', type: 'text' },
          { name: 'color', type: 'varchar', length: '20' },
          { name: 'revision', type: 'integer', default: 1 },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
        ],
        foreignKeys: [fk('paper_id', 'papers'), fk('user_id', 'users')],
        indices: [new TableIndex({ name: 'idx_paper_annotations_paper_user', columnNames: ['paper_id', 'user_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('paper_annotations');
  }
}
