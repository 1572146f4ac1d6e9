import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The reminder rounds of a ballot become its reminder history: whether each round was sent or
 * skipped, why (sent on time, sent at once because it was already due at issue, nobody late,
 * covered by another round), and how many delegates were told. A round recorded before this
 * with nobody in it was one where everyone had answered.
 */
export class BallotReminderLog1764547200000 implements MigrationInterface {
  name = 'BallotReminderLog1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('ballot_reminders', [
      new TableColumn({ name: 'outcome', type: 'varchar', length: '20', default: "'sent'" }),
      new TableColumn({ name: 'reason', type: 'varchar', length: '30', default: "'on_time'" }),
      new TableColumn({ name: 'delegates', type: 'integer', default: 0 }),
    ]);
    await queryRunner.query(`UPDATE ballot_reminders SET outcome = 'skipped', reason = 'everyone_answered' WHERE recipients = '[]'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const column of ['delegates', 'reason', 'outcome']) await queryRunner.dropColumn('ballot_reminders', column);
  }
}
