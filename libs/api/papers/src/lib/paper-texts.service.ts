import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { foldForSearch } from '@ecabinet/shared/contracts';
import { DataSource } from 'typeorm';
import { TransactionRunner } from '@ecabinet/api/database';
import { APP_CONFIG, type AppConfig } from '@ecabinet/api/platform';
import { PdfWorkers } from './pdf-workers';
import { FileStore, storeKeys } from './storage/file-store';

/** One page of a stored file whose text matched a query. */
export interface PageTextHit {
  sha256: string;
  page: number;
  body: string;
}

/** Narrows the candidates to files the caller may plausibly read; every hit is still checked by its own rule. */
export interface TextScope {
  /** Null: every meeting (the secretariat). */
  meetingIds: readonly string[] | null;
  /** Null: every ballot (the secretariat and the chair). */
  ballotIds: readonly string[] | null;
}

/** Files waiting for their text: a paper's current version, or a ballot's paper. */
const MISSING = `
  SELECT f.sha256 FROM (
    SELECT v.sha256 FROM paper_versions v JOIN papers p ON p.id = v.paper_id AND p.current_version = v.version
    UNION SELECT b.sha256 FROM ballot_papers b
  ) f
  WHERE NOT EXISTS (SELECT 1 FROM paper_text_files t WHERE t.sha256 = f.sha256)`;

const PAGES_PER_INSERT = 100;
/** How long a count of the files waiting for their text is given again without asking the database. */
const PENDING_KEPT_MS = 2_000;
const WORK_TIMEOUT_MS = 10 * 60_000;

/**
 * The search index of papers' text (#14). Each stored file's text is read once, page by page,
 * in a PDF worker (pdf.js, the reader's own library), and kept by the file's SHA-256: the same
 * file in two meetings is read once. PostgreSQL indexes it with full-text search over
 * `unaccent`; SQLite with FTS5 over the text folded by {@link foldForSearch}.
 *
 * What is indexed is found by a sweep: at start (so a crash loses nothing: what was not
 * finished is read again) and after every upload on this instance. Two instances reading the
 * same file at once write it once (the file's row is the key; the loser's transaction fails).
 */
@Injectable()
export class PaperTexts implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PaperTexts.name);
  private sweeping: Promise<void> | null = null;
  private again = false;
  private closed = false;
  /** Files that could not be read, left out until the next start. */
  private readonly unreadable = new Set<string>();
  /** The last count of files waiting (every search gives it), and when it was taken. */
  private pendingCount: { value: number; at: number } | null = null;
  /** Counts up each time the count is forgotten, so that a count taken meanwhile is not kept. */
  private pendingEpoch = 0;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly dataSource: DataSource,
    private readonly workers: PdfWorkers,
    private readonly files: FileStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.kick();
  }

  onApplicationShutdown(): void {
    this.closed = true;
  }

  /** Reads what is not yet indexed, in the background; a call during a sweep makes it look again. */
  kick(): void {
    this.forgetPending();
    if (this.closed) return;
    if (this.sweeping) {
      this.again = true;
      return;
    }
    this.sweeping = this.sweep()
      .catch((error: unknown) => {
        if (!this.closed) this.logger.warn(`search index: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.sweeping = null;
        if (this.again && !this.closed) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Waits for the sweep under way, if any (tests, the bench). */
  async settled(): Promise<void> {
    while (this.sweeping) await this.sweeping;
  }

  /**
   * How many files wait for their text. Every search says it; the count is kept for a moment
   * (a file read or an upload here forgets it; another instance's upload shows within
   * PENDING_KEPT_MS).
   */
  async pending(): Promise<number> {
    const kept = this.pendingCount;
    if (kept && Date.now() - kept.at < PENDING_KEPT_MS) return kept.value;
    const at = Date.now();
    const epoch = this.pendingEpoch;
    const [row] = await this.query<{ count: string | number }>(`SELECT COUNT(*) AS count FROM (${MISSING}) m`, []);
    const value = Math.max(0, Number(row?.count ?? 0) - this.unreadable.size);
    // Not kept if a file was read or an upload came while the count was taken.
    if (epoch === this.pendingEpoch) this.pendingCount = { value, at };
    return value;
  }

  private forgetPending(): void {
    this.pendingCount = null;
    this.pendingEpoch++;
  }

  private async sweep(): Promise<void> {
    for (;;) {
      this.again = false;
      const rows = await this.query<{ sha256: string }>(`${MISSING} LIMIT 50`, []);
      const todo = rows.map((row) => row.sha256).filter((sha256) => !this.unreadable.has(sha256));
      if (todo.length === 0 || this.closed) return;
      for (const sha256 of todo) {
        if (this.closed) return;
        await this.index(sha256);
        this.forgetPending();
      }
    }
  }

  private async index(sha256: string): Promise<void> {
    let local: { path: string; release: () => Promise<void> } | null = null;
    try {
      local = await this.files.localPath(storeKeys.paper(sha256));
      const { pages } = await this.workers.run({ kind: 'text', path: local.path }, { timeoutMs: Math.max(WORK_TIMEOUT_MS, this.config.papers.parseTimeoutMs) });
      await this.save(sha256, pages);
    } catch (error) {
      if (this.closed) return;
      // A file gone (its paper removed meanwhile) or one pdf.js cannot read: not searchable, said once.
      this.unreadable.add(sha256);
      this.logger.warn(`search index: the text of ${sha256} was not read: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await local?.release().catch(() => undefined);
    }
  }

  private async save(sha256: string, pages: readonly string[]): Promise<void> {
    const dialect = this.transactions.dialect;
    const filled = pages.map((body, index) => ({ page: index + 1, body })).filter((page) => page.body.length > 0);
    const chars = filled.reduce((sum, page) => sum + page.body.length, 0);
    try {
      await this.transactions.run(async (manager) => {
        const run = (text: string, params: unknown[]) => manager.query(...dialect.statement(text, params));
        // First, so that a second instance reading the same file fails here and writes nothing.
        await run(`INSERT INTO paper_text_files (sha256, page_count, text_chars, extracted_at) VALUES ($1, $2, $3, $4)`, [sha256, pages.length, chars, dialect.postgres ? new Date() : new Date().toISOString()]);
        for (let start = 0; start < filled.length; start += PAGES_PER_INSERT) {
          const batch = filled.slice(start, start + PAGES_PER_INSERT);
          const params: unknown[] = [sha256];
          const values = batch.map((page) => {
            params.push(page.page, page.body);
            const body = `$${params.length}`;
            return dialect.postgres ? `($1, $${params.length - 1}, ${body}, to_tsvector('simple', public.unaccent(${body})))` : `($1, $${params.length - 1}, ${body})`;
          });
          await run(`INSERT INTO paper_texts (sha256, page, body${dialect.postgres ? ', terms' : ''}) VALUES ${values.join(', ')}`, params);
          if (!dialect.postgres) {
            for (const page of batch) {
              await run(`INSERT INTO paper_texts_fts (rowid, folded) SELECT id, $1 FROM paper_texts WHERE sha256 = $2 AND page = $3`, [foldForSearch(page.body), sha256, page.page]);
            }
          }
        }
      });
    } catch (error) {
      if (await this.indexed(sha256)) return; // another instance wrote it first
      throw error;
    }
  }

  /** A file no longer stored leaves the index with it. */
  async forget(sha256: string): Promise<void> {
    this.forgetPending();
    const dialect = this.transactions.dialect;
    await this.transactions.run(async (manager) => {
      const run = (text: string) => manager.query(...dialect.statement(text, [sha256]));
      if (!dialect.postgres) await run(`DELETE FROM paper_texts_fts WHERE rowid IN (SELECT id FROM paper_texts WHERE sha256 = $1)`);
      await run(`DELETE FROM paper_texts WHERE sha256 = $1`);
      await run(`DELETE FROM paper_text_files WHERE sha256 = $1`);
    });
  }

  private async indexed(sha256: string): Promise<boolean> {
    const rows = await this.query(`SELECT 1 AS one FROM paper_text_files WHERE sha256 = $1`, [sha256]);
    return rows.length > 0;
  }

  /**
   * Pages of current paper versions and ballot papers within `scope` holding every one of
   * `terms` (folded words; the last may be the start of a word), best first, at most `limit`.
   */
  async find(terms: readonly string[], scope: TextScope, limit: number): Promise<PageTextHit[]> {
    if (terms.length === 0) return [];
    const dialect = this.transactions.dialect;
    const params: unknown[] = [];
    const param = (value: unknown) => (params.push(value), `$${params.length}`);
    const within = (column: string, ids: readonly string[] | null) => {
      if (ids === null) return dialect.postgres ? 'TRUE' : '1';
      params.push(dialect.list(ids));
      return dialect.inList(column, params.length);
    };
    const meetings = within('p.meeting_id', scope.meetingIds);
    const ballots = within('b.ballot_id', scope.ballotIds);
    const readable = `(EXISTS (SELECT 1 FROM paper_versions v JOIN papers p ON p.id = v.paper_id AND p.current_version = v.version WHERE v.sha256 = t.sha256 AND ${meetings})
      OR EXISTS (SELECT 1 FROM ballot_papers b WHERE b.sha256 = t.sha256 AND ${ballots}))`;
    const words = terms.slice(0, 12);
    if (dialect.postgres) {
      const query = words.map((word, index) => `'${word}'${index === words.length - 1 ? ':*' : ''}`).join(' & ');
      const q = param(query);
      const max = param(limit);
      return this.query<PageTextHit>(
        `SELECT t.sha256, t.page, t.body FROM paper_texts t WHERE t.terms @@ to_tsquery('simple', ${q}) AND ${readable}
         ORDER BY ts_rank_cd(t.terms, to_tsquery('simple', ${q})) DESC, t.sha256, t.page LIMIT ${max}`,
        params,
      );
    }
    const match = words.map((word, index) => `"${word}"${index === words.length - 1 ? '*' : ''}`).join(' ');
    const q = param(match);
    const max = param(limit);
    return this.query<PageTextHit>(
      `SELECT t.sha256, t.page, t.body FROM paper_texts_fts JOIN paper_texts t ON t.id = paper_texts_fts.rowid
       WHERE paper_texts_fts MATCH ${q} AND ${readable}
       ORDER BY bm25(paper_texts_fts), t.sha256, t.page LIMIT ${max}`,
      params,
    );
  }

  private query<T>(text: string, params: unknown[]): Promise<T[]> {
    return this.dataSource.query(...this.transactions.dialect.statement(text, params)) as Promise<T[]>;
  }
}
