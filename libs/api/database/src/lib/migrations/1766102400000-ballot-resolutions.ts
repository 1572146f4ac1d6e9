import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A written opinion ballot that closed with an outcome is issued as a resolution the way a
 * session's is: a resolution comes from a meeting or from a ballot (one each, at most).
 */
export class BallotResolutions1766102400000 implements MigrationInterface {
  name = 'BallotResolutions1766102400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = await queryRunner.getTable('resolutions');
    const meetingId = table?.findColumnByName('meeting_id');
    if (!table || !meetingId) throw new Error('resolutions.meeting_id is missing');
    const nullable = meetingId.clone();
    nullable.isNullable = true;
    await queryRunner.changeColumn(table, meetingId, nullable);
    await queryRunner.addColumn('resolutions', new TableColumn({ name: 'ballot_id', type: 'varchar', length: '36', isNullable: true }));
    await queryRunner.createIndex('resolutions', new TableIndex({ name: 'uq_resolutions_ballot', columnNames: ['ballot_id'], isUnique: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('resolutions', 'uq_resolutions_ballot');
    await queryRunner.dropColumn('resolutions', 'ballot_id');
  }
}
