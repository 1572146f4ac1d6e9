import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/** Tasks assigned to organisations, the organisations each names, their reports and decisions, the files reported, and the reminders and escalations sent. */
export class Tasks1765929600000 implements MigrationInterface {
  name = 'Tasks1765929600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'tasks',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'title', type: 'varchar', length: '500' },
          { name: 'description', type: 'text' },
          { name: 'lead_organisation_id', type: 'varchar', length: '36' },
          { name: 'responsible_user_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'due_date', type: 'varchar', length: '10' },
          { name: 'original_due_date', type: 'varchar', length: '10' },
          { name: 'deadline', type: ts },
          { name: 'status', type: 'varchar', length: '20' },
          { name: 'pending', type: 'varchar', length: '20', isNullable: true },
          { name: 'source_type', type: 'varchar', length: '20' },
          { name: 'source_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'meeting_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'source_label', type: 'varchar', length: '500' },
          { name: 'last_report', type: 'text', isNullable: true },
          { name: 'created_by', type: 'varchar', length: '36' },
          { name: 'created_at', type: ts },
          { name: 'updated_at', type: ts },
          { name: 'completed_at', type: ts, isNullable: true },
        ],
        indices: [
          { name: 'idx_tasks_status_deadline', columnNames: ['status', 'deadline'] },
          { name: 'idx_tasks_source', columnNames: ['source_type', 'source_id'] },
          { name: 'idx_tasks_responsible', columnNames: ['responsible_user_id'] },
        ],
        foreignKeys: [{ columnNames: ['lead_organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'task_organisations',
        columns: [
          { name: 'task_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'organisation_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'role', type: 'varchar', length: '20' },
        ],
        indices: [{ name: 'idx_task_organisations_organisation', columnNames: ['organisation_id', 'task_id'] }],
        foreignKeys: [
          { columnNames: ['task_id'], referencedTableName: 'tasks', referencedColumnNames: ['id'] },
          { columnNames: ['organisation_id'], referencedTableName: 'organisations', referencedColumnNames: ['id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'task_updates',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'task_id', type: 'varchar', length: '36' },
          { name: 'kind', type: 'varchar', length: '20' },
          { name: 'text', type: 'text' },
          { name: 'requested_due_date', type: 'varchar', length: '10', isNullable: true },
          { name: 'state', type: 'varchar', length: '20', isNullable: true },
          { name: 'author_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: ts },
          { name: 'decided_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'decided_at', type: ts, isNullable: true },
          { name: 'decision_note', type: 'text', isNullable: true },
        ],
        indices: [{ name: 'idx_task_updates_task', columnNames: ['task_id', 'created_at'] }],
        foreignKeys: [{ columnNames: ['task_id'], referencedTableName: 'tasks', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'task_attachments',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'task_id', type: 'varchar', length: '36' },
          { name: 'update_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'file_name', type: 'varchar', length: '255' },
          { name: 'size_bytes', type: 'integer' },
          { name: 'sha256', type: 'varchar', length: '64' },
          { name: 'uploaded_by', type: 'varchar', length: '36' },
          { name: 'uploaded_at', type: ts },
        ],
        indices: [
          { name: 'idx_task_attachments_task', columnNames: ['task_id'] },
          { name: 'idx_task_attachments_sha256', columnNames: ['sha256'] },
        ],
        foreignKeys: [{ columnNames: ['task_id'], referencedTableName: 'tasks', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'task_notices',
        columns: [
          { name: 'task_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'due_date', type: 'varchar', length: '10', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '20', isPrimary: true },
          { name: 'days', type: 'integer', isPrimary: true },
          { name: 'outcome', type: 'varchar', length: '20' },
          { name: 'recipients', type: 'text' },
          { name: 'created_at', type: ts },
          { name: 'notified_at', type: ts, isNullable: true },
        ],
        indices: [{ name: 'idx_task_notices_unnotified', columnNames: ['notified_at'] }],
        foreignKeys: [{ columnNames: ['task_id'], referencedTableName: 'tasks', referencedColumnNames: ['id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('task_notices');
    await queryRunner.dropTable('task_attachments');
    await queryRunner.dropTable('task_updates');
    await queryRunner.dropTable('task_organisations');
    await queryRunner.dropTable('tasks');
  }
}
