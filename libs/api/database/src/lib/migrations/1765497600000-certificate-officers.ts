import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * Certificate officers: the issuing CAs registered from their devices, and each device key's
 * certificate request (PKCS#10), which the officer's device certifies.
 */
export class CertificateOfficers1765497600000 implements MigrationInterface {
  name = 'CertificateOfficers1765497600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.createTable(
      new Table({
        name: 'officer_authorities',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'user_id', type: 'varchar', length: '36' },
          { name: 'certificate', type: 'text' },
          { name: 'fingerprint', type: 'varchar', length: '64', isUnique: true },
          { name: 'subject', type: 'varchar', length: '500' },
          { name: 'not_after', type: ts },
          { name: 'created_at', type: ts },
        ],
        foreignKeys: [{ columnNames: ['user_id'], referencedTableName: 'users', referencedColumnNames: ['id'] }],
      }),
    );
    await queryRunner.addColumn('signing_keys', new TableColumn({ name: 'csr', type: 'text', isNullable: true }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('signing_keys', 'csr');
    await queryRunner.dropTable('officer_authorities');
  }
}
