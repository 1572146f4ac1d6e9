import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Secret means secret: a secret vote keeps who voted (vote_ballots, choice null) apart from what
 * was chosen (vote_secret_counts: a count per choice). Secret votes recorded before are converted:
 * their choices counted, then erased from the voters' rows.
 */
export class SecretVotes1765324800000 implements MigrationInterface {
  name = 'SecretVotes1765324800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'vote_secret_counts',
        columns: [
          { name: 'vote_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'choice', type: 'varchar', length: '10', isPrimary: true },
          { name: 'count', type: 'integer' },
        ],
        foreignKeys: [{ columnNames: ['vote_id'], referencedTableName: 'votes', referencedColumnNames: ['id'], onDelete: 'CASCADE' }],
      }),
    );
    await queryRunner.changeColumn('vote_ballots', 'choice', new TableColumn({ name: 'choice', type: 'varchar', length: '10', isNullable: true }));
    const secret = queryRunner.connection.options.type === 'postgres' ? 'TRUE' : '1';
    await queryRunner.query(
      `INSERT INTO vote_secret_counts (vote_id, choice, count)
       SELECT b.vote_id, b.choice, COUNT(*) FROM vote_ballots b JOIN votes v ON v.id = b.vote_id
        WHERE v.secret = ${secret} AND b.choice IS NOT NULL GROUP BY b.vote_id, b.choice`,
    );
    await queryRunner.query(`UPDATE vote_ballots SET choice = NULL WHERE vote_id IN (SELECT id FROM votes WHERE secret = ${secret})`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The link between voters and secret choices is gone for good; their rows keep a null choice.
    await queryRunner.dropTable('vote_secret_counts');
  }
}
