import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditCheckpointReason } from '@ecabinet/shared/contracts';

/** A signed checkpoint of the audit log: at most one per log size, kept as the file that was signed and mailed. */
@Entity('audit_checkpoints')
export class AuditCheckpointEntity {
  /** Entries covered: the first `size` of the log. */
  @PrimaryColumn({ type: 'integer' })
  size!: number;

  @Column({ name: 'root_hash', type: 'varchar', length: 64 })
  rootHash!: string;

  /** ISO 8601, as signed. */
  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Column({ type: 'varchar', length: 20 })
  reason!: AuditCheckpointReason;

  /** The canonical JSON of the checkpoint file (checkpoint and seal), byte for byte as downloaded. */
  @Column({ type: 'text' })
  file!: string;

  @Column({ name: 'mailed_to', type: 'integer' })
  mailedTo!: number;
}
