import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The text of each stored paper file, page by page, for search (#14): read once per file (a
 * paper version or a ballot paper, by its SHA-256) in a PDF worker. PostgreSQL indexes it with
 * its full-text search over `unaccent` (so "giai ngan" finds "giải ngân"); SQLite with FTS5 over
 * the text folded the same way by the API (SQLite's own folding leaves "đ" alone).
 */
export class PaperTexts1766188800000 implements MigrationInterface {
  name = 'PaperTexts1766188800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query(`CREATE TABLE paper_text_files (
      sha256 varchar(64) PRIMARY KEY,
      page_count integer NOT NULL,
      text_chars integer NOT NULL,
      extracted_at ${postgres ? 'timestamptz' : 'datetime'} NOT NULL
    )`);
    if (postgres) {
      // A trusted extension: the database owner may create it. Kept in `public`, so that the
      // function is found whatever the search path (tests give each run its own schema).
      const [{ present }] = await queryRunner.query(`SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'unaccent') AS present`);
      if (!present) await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public`);
      await queryRunner.query(`CREATE TABLE paper_texts (
        id serial PRIMARY KEY,
        sha256 varchar(64) NOT NULL,
        page integer NOT NULL,
        body text NOT NULL,
        terms tsvector NOT NULL
      )`);
      await queryRunner.query(`CREATE INDEX idx_paper_texts_terms ON paper_texts USING gin (terms)`);
    } else {
      await queryRunner.query(`CREATE TABLE paper_texts (
        id integer PRIMARY KEY AUTOINCREMENT,
        sha256 varchar(64) NOT NULL,
        page integer NOT NULL,
        body text NOT NULL
      )`);
      await queryRunner.query(`CREATE VIRTUAL TABLE paper_texts_fts USING fts5(folded, tokenize = 'unicode61 remove_diacritics 2')`);
    }
    await queryRunner.query(`CREATE INDEX idx_paper_texts_sha256 ON paper_texts (sha256, page)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type !== 'postgres') await queryRunner.query(`DROP TABLE paper_texts_fts`);
    await queryRunner.query(`DROP TABLE paper_texts`);
    await queryRunner.query(`DROP TABLE paper_text_files`);
  }
}
