/**
 * A D1 binding that writes one audit entry with the first change made through it: the entry's
 * INSERT joins the batch (or the single statement) that first writes, so the change and its
 * entry commit together or not at all. Reads pass through untouched, and so does everything after
 * the entry is written. The admin middleware hands it to the routes in place of `env.DB`.
 */
const WRITE = /^\s*(?:with\b[\s\S]*?\)\s*)?(?:insert|update|delete|replace)\b/i;

export interface AuditedDb {
  db: D1Database;
  /** Whether the entry has been written (with a change). */
  written: () => boolean;
}

type Row = Record<string, unknown>;

export function auditedDb(db: D1Database, entry: () => D1PreparedStatement): AuditedDb {
  let written = false;
  /** Runs the statements with the entry after them when one of them writes; returns their results. */
  async function commit(statements: D1PreparedStatement[], writes: boolean): Promise<D1Result[]> {
    if (written || !writes) return db.batch(statements);
    const results = await db.batch([...statements, entry()]);
    written = true;
    return results.slice(0, statements.length);
  }

  class Statement {
    constructor(
      readonly inner: D1PreparedStatement,
      readonly writes: boolean,
    ) {}
    bind(...values: unknown[]) {
      return new Statement(this.inner.bind(...values), this.writes);
    }
    private direct() {
      return written || !this.writes;
    }
    private async alone(): Promise<D1Result<Row>> {
      const [result] = await commit([this.inner], true);
      return result as D1Result<Row>;
    }
    async run() {
      return this.direct() ? this.inner.run() : this.alone();
    }
    async all() {
      return this.direct() ? this.inner.all() : this.alone();
    }
    async first(column?: string) {
      if (this.direct())
        return column === undefined ? this.inner.first() : this.inner.first(column);
      const row = (await this.alone()).results[0] ?? null;
      return row && column !== undefined ? row[column] : row;
    }
    async raw(options?: { columnNames?: boolean }) {
      if (this.direct()) return this.inner.raw(options as { columnNames: true });
      const rows = (await this.alone()).results;
      const values = rows.map((row) => Object.values(row));
      return options?.columnNames ? [Object.keys(rows[0] ?? {}), ...values] : values;
    }
  }

  const unwrap = (s: D1PreparedStatement) => (s instanceof Statement ? s.inner : s);
  const wrapped = {
    prepare: (sql: string) => new Statement(db.prepare(sql), WRITE.test(sql)),
    batch: (statements: D1PreparedStatement[]) =>
      commit(
        statements.map(unwrap),
        statements.some((s) => s instanceof Statement && s.writes),
      ),
    exec: (sql: string) => db.exec(sql),
    dump: () => db.dump(),
    withSession: (constraint?: string) => db.withSession(constraint),
  };
  return { db: wrapped as unknown as D1Database, written: () => written };
}
