import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@ecabinet/api/database';

/** A device's ECDSA P-256 public key; the private key never leaves the device. */
@Entity('signing_keys')
export class SigningKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  label!: string;

  /** SubjectPublicKeyInfo DER, base64. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  /** The X.509 certificate vouching for this key (DER, base64); null until certified. */
  @Column({ type: 'text', nullable: true })
  certificate!: string | null;

  /** The CAs between the certificate and the anchors, as a JSON array of DER base64. */
  @Column({ name: 'certificate_chain', type: 'simple-json', nullable: true })
  certificateChain!: string[] | null;

  /** The officer CA (officer_authorities.id) that issued the certificate; null for keys certified otherwise. */
  @Column({ name: 'issuer_authority_id', type: 'varchar', length: 36, nullable: true })
  issuerAuthorityId?: string | null;

  @DateTimeColumn({ name: 'certified_at', nullable: true })
  certifiedAt!: Date | null;

  /** The device's PKCS#10 request for this key (DER, base64), as it sent it. */
  @Column({ type: 'text', nullable: true })
  csr?: string | null;
}
