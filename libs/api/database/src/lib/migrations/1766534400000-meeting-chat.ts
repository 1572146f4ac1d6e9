import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * The meeting's chat (#15): its messages (channel, private, notices), how far each person has
 * read each conversation, and who is muted in the channel.
 */
export class MeetingChat1766534400000 implements MigrationInterface {
  name = 'MeetingChat1766534400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'meeting_messages',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'meeting_id', type: 'varchar', length: '36' },
          { name: 'sender_id', type: 'varchar', length: '36' },
          { name: 'recipient_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'kind', type: 'varchar', length: '10' },
          { name: 'body', type: 'text' },
          { name: 'created_at', type: ts },
        ],
        indices: [{ name: 'idx_meeting_messages_meeting', columnNames: ['meeting_id', 'created_at'] }],
        foreignKeys: [{ columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_chat_reads',
        columns: [
          { name: 'meeting_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          // '' for the channel, else the other person of a private conversation.
          { name: 'peer_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'read_at', type: ts },
        ],
        foreignKeys: [{ columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'meeting_chat_mutes',
        columns: [
          { name: 'meeting_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'muted_by', type: 'varchar', length: '36' },
          { name: 'muted_at', type: ts },
        ],
        foreignKeys: [{ columnNames: ['meeting_id'], referencedTableName: 'meetings', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('meeting_chat_mutes');
    await queryRunner.dropTable('meeting_chat_reads');
    await queryRunner.dropTable('meeting_messages');
  }
}
