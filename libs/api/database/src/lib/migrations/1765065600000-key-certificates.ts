import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dateTimeType } from '../date-time-column';

/**
 * A device key signs nothing until a certificate chaining to the trust anchors vouches for it:
 * the certificate (DER, base64), the CAs between it and the anchors, and when it was attached.
 */
export class KeyCertificates1765065600000 implements MigrationInterface {
  name = 'KeyCertificates1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('signing_keys', [
      new TableColumn({ name: 'certificate', type: 'text', isNullable: true }),
      new TableColumn({ name: 'certificate_chain', type: 'text', isNullable: true }),
      new TableColumn({ name: 'certified_at', type: dateTimeType(queryRunner.connection.options.type), isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('signing_keys', 'certified_at');
    await queryRunner.dropColumn('signing_keys', 'certificate_chain');
    await queryRunner.dropColumn('signing_keys', 'certificate');
  }
}
