import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AnnotationColor, AnnotationKind, AnnotationRect } from '@ecabinet/shared/contracts';
import { DateTimeColumn } from '@ecabinet/api/database';

/** JSON kept in a `text` column: the same on SQLite and PostgreSQL. */
const json = <T>() => ({ to: (value: T) => JSON.stringify(value), from: (text: string) => JSON.parse(text) as T });

/**
 * A member's private note or highlight on one page of a paper; only its author ever reads it.
 * `version` is the paper version it was written on: whether it still fits the current version is
 * decided when it is read (see toAnnotationResponse), so nothing is rewritten when a paper changes.
 */
@Entity('paper_annotations')
@Index('idx_paper_annotations_paper_user', ['paperId', 'userId'])
export class PaperAnnotationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'paper_id', type: 'varchar', length: 36 })
  paperId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'integer' })
  version!: number;

  /** 1-based. */
  @Column({ type: 'integer' })
  page!: number;

  @Column({ type: 'varchar', length: 20 })
  kind!: AnnotationKind;

  /** '' for a highlight without a comment. */
  @Column({ type: 'text' })
  text!: string;

  /** Fractions of the page, origin top-left; [] for a note. */
  @Column({ type: 'text', transformer: json<AnnotationRect[]>() })
  rects!: AnnotationRect[];

  @Column({ type: 'varchar', length: 20 })
  color!: AnnotationColor;

  /** Bumped by every edit (optimistic concurrency between the author's devices). */
  @Column({ type: 'integer', default: 1 })
  revision!: number;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
