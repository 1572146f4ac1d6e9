export type SqlDriver = 'sqlite' | 'postgres';

/**
 * Hand-written SQL for the hot paths, where TypeORM's query building costs more than the query.
 * Statements are written with PostgreSQL's `$n` placeholders; for SQLite each `$n` becomes a `?`
 * with its value put in place (so a parameter may be used twice).
 */
export class SqlDialect {
  constructor(readonly driver: SqlDriver) {}

  get postgres(): boolean {
    return this.driver === 'postgres';
  }

  statement(text: string, params: unknown[]): [string, unknown[]] {
    if (this.postgres) return [text, params];
    const ordered: unknown[] = [];
    return [text.replace(/\$(\d+)/g, (_, n: string) => (ordered.push(params[Number(n) - 1]), '?')), ordered];
  }

  /** `column` is one of the list given as parameter `$n` (see {@link list}). */
  inList(column: string, n: number): string {
    return this.postgres ? `${column} = ANY($${n})` : `${column} IN (SELECT value FROM json_each($${n}))`;
  }

  /** A list as one parameter: an array for PostgreSQL, JSON text for SQLite's `json_each`. */
  list(values: readonly (string | number)[]): unknown {
    return this.postgres ? values : JSON.stringify(values);
  }
}
