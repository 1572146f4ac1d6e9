import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * The revocation list each certificate officer's device signed last, kept to go into every bundle,
 * and which officer CA issued each key's certificate (so the keys a list must name are one indexed read).
 */
export class OfficerCrls1765584000000 implements MigrationInterface {
  name = 'OfficerCrls1765584000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = dateTimeType(queryRunner.connection.options.type);
    await queryRunner.addColumns('officer_authorities', [
      new TableColumn({ name: 'crl', type: 'text', isNullable: true }),
      new TableColumn({ name: 'crl_this_update', type: ts, isNullable: true }),
    ]);
    await queryRunner.addColumn('signing_keys', new TableColumn({ name: 'issuer_authority_id', type: 'varchar', length: '36', isNullable: true }));
    // Keys certified before this column: an officer's certificate chain is exactly his CA's certificate.
    await queryRunner.query(
      `UPDATE signing_keys SET issuer_authority_id = (SELECT oa.id FROM officer_authorities oa WHERE signing_keys.certificate_chain = '["' || oa.certificate || '"]') WHERE certified_at IS NOT NULL`,
    );
    await queryRunner.createIndex('signing_keys', new TableIndex({ name: 'idx_signing_keys_issuer_authority', columnNames: ['issuer_authority_id', 'revoked_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('signing_keys', 'idx_signing_keys_issuer_authority');
    await queryRunner.dropColumn('signing_keys', 'issuer_authority_id');
    await queryRunner.dropColumn('officer_authorities', 'crl_this_update');
    await queryRunner.dropColumn('officer_authorities', 'crl');
  }
}
