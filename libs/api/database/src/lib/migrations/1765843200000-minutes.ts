import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Minutes and session resolutions, the yearly numbering of documents, and when a meeting's minutes froze its conclusions. */
export class Minutes1765843200000 implements MigrationInterface {
  name = 'Minutes1765843200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'meeting_minutes',
        columns: [
          { name: 'meeting_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'version', type: 'integer' },
          { name: 'prose', type: 'text' },
          { name: 'record', type: 'text', isNullable: true },
          { name: 'number', type: 'varchar', length: '40', isNullable: true },
          { name: 'pdf_sha256', type: 'varchar', length: '64', isNullable: true },
          { name: 'updated_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'updated_at', type: ts },
          { name: 'approved_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'approved_at', type: ts, isNullable: true },
        ],
        foreignKeys: [{ columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'document_numbers',
        columns: [
          { name: 'kind', type: 'varchar', length: '20', isPrimary: true },
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'last', type: 'integer' },
        ],
      }),
    );
    await queryRunner.addColumn('meetings', new TableColumn({ name: 'minutes_approved_at', type: ts, isNullable: true }));
    await queryRunner.createTable(
      new Table({
        name: 'resolutions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'meeting_id', type: 'varchar', length: '36', isUnique: true },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'version', type: 'integer' },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'sections', type: 'text' },
          { name: 'number', type: 'varchar', length: '40', isNullable: true },
          { name: 'pdf_sha256', type: 'varchar', length: '64', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '36' },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
          { name: 'issued_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'issued_at', type: ts, isNullable: true },
        ],
        indices: [{ name: 'idx_resolutions_issued', columnNames: ['status', 'issued_at'] }],
        foreignKeys: [{ columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('resolutions');
    await queryRunner.dropColumn('meetings', 'minutes_approved_at');
    await queryRunner.dropTable('document_numbers');
    await queryRunner.dropTable('meeting_minutes');
  }
}
