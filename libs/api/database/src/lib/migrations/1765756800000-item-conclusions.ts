import { randomUUID } from 'node:crypto';
import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * Conclusions become versioned texts the chair approves: every draft is kept; the item keeps the
 * approved text (what members see) and whether a newer draft waits. A conclusion recorded before
 * becomes version 1, approved (it was recorded as the chair's).
 */
export class ItemConclusions1765756800000 implements MigrationInterface {
  name = 'ItemConclusions1765756800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'item_conclusions',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'meeting_id', type: 'varchar', length: '36' },
          { name: 'item_id', type: 'varchar', length: '36' },
          { name: 'version', type: 'integer' },
          { name: 'text', type: 'text' },
          { name: 'drafted_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'drafted_at', type: ts },
          { name: 'approved_by', type: 'varchar', length: '36', isNullable: true },
          { name: 'approved_at', type: ts, isNullable: true },
        ],
        uniques: [{ name: 'uq_item_conclusions_version', columnNames: ['item_id', 'version'] }],
        indices: [{ name: 'idx_item_conclusions_meeting', columnNames: ['meeting_id'] }],
        foreignKeys: [
          { columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
          { columnNames: ['item_id'], referencedTableName: 'agenda_items', referencedColumnNames: ['id'], onDelete: 'CASCADE' },
        ],
      }),
    );
    await queryRunner.addColumn('agenda_items', new TableColumn({ name: 'conclusion_pending', type: 'boolean', default: false }));
    const concluded: { id: string; meeting_id: string; conclusion: string }[] = await queryRunner.query('SELECT id, meeting_id, conclusion FROM agenda_items WHERE conclusion IS NOT NULL');
    const postgres = queryRunner.connection.options.type === 'postgres';
    const insert = `INSERT INTO item_conclusions (id, meeting_id, item_id, version, text, drafted_at, approved_at) VALUES (${postgres ? '$1, $2, $3, 1, $4' : '?, ?, ?, 1, ?'}, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`;
    for (const item of concluded) await queryRunner.query(insert, [randomUUID(), item.meeting_id, item.id, item.conclusion]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('agenda_items', 'conclusion_pending');
    await queryRunner.dropTable('item_conclusions');
  }
}
