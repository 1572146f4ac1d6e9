import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PaperClassification } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

/** A paper attached to an agenda item; its content lives in its versions. */
@Entity('papers')
export class PaperEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ name: 'item_id', type: 'varchar', length: 36 })
  itemId!: string;

  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Column({ type: 'varchar', length: 20 })
  classification!: PaperClassification;

  /** Order among the item's papers. */
  @Column({ type: 'integer' })
  position!: number;

  @Column({ name: 'current_version', type: 'integer' })
  currentVersion!: number;

  /** Bumped by every metadata change (optimistic concurrency). */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/** One uploaded file of a paper; the bytes are in the file store under `sha256`. */
@Entity('paper_versions')
export class PaperVersionEntity {
  @PrimaryColumn({ name: 'paper_id', type: 'varchar', length: 36 })
  paperId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ name: 'page_count', type: 'integer' })
  pageCount!: number;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  /** The bytes as received, kept as evidence when the upload was repaired or decrypted (null: the same file as `sha256`). */
  @Column({ name: 'received_sha256', type: 'varchar', length: 64, nullable: true })
  receivedSha256!: string | null;

  @Column({ name: 'received_size_bytes', type: 'integer', nullable: true })
  receivedSizeBytes!: number | null;

  /** The upload's structure was repaired on the way in (qpdf rewrote it). */
  @Column({ type: 'boolean', default: false })
  repaired!: boolean;

  /** The upload was encrypted with an owner password only, removed on the way in. */
  @Column({ type: 'boolean', default: false })
  decrypted!: boolean;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 36, nullable: true })
  uploadedBy!: string | null;

  @DateTimeColumn({ name: 'uploaded_at' })
  uploadedAt!: Date;
}

/** A named reader of a restricted or confidential paper. */
@Entity('paper_readers')
export class PaperReaderEntity {
  @PrimaryColumn({ name: 'paper_id', type: 'varchar', length: 36 })
  paperId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;
}

/** The version of a paper a user last opened: "changed since read". */
@Entity('paper_reads')
export class PaperReadEntity {
  @PrimaryColumn({ name: 'paper_id', type: 'varchar', length: 36 })
  paperId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @DateTimeColumn({ name: 'read_at' })
  readAt!: Date;
}

/** A participant kept from an agenda item's papers (conflict of interest). */
@Entity('agenda_item_exclusions')
export class ItemExclusionEntity {
  @PrimaryColumn({ name: 'item_id', type: 'varchar', length: 36 })
  itemId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;
}

/**
 * The trace code printed on one copy: whose copy, of what, when. Kept without foreign keys so
 * that a leaked page can be traced even after its meeting or paper is gone.
 */
@Entity('paper_traces')
export class PaperTraceEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: 'paper' | 'book' | 'ballot';

  @Column({ type: 'varchar', length: 10 })
  purpose!: 'view' | 'download' | 'offline';

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** The meeting; for kind `ballot`, the ballot (no foreign key either way). */
  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ name: 'paper_id', type: 'varchar', length: 36, nullable: true })
  paperId!: string | null;

  @Column({ name: 'paper_version', type: 'integer', nullable: true })
  paperVersion!: number | null;

  /** The file the copy was made from (a paper version or a compiled book). */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}

/** A compiled meeting book, kept by the hash of what went into it. */
@Entity('meeting_books')
export class MeetingBookEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @Column({ name: 'meeting_id', type: 'varchar', length: 36 })
  meetingId!: string;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  @Column({ name: 'page_count', type: 'integer' })
  pageCount!: number;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
