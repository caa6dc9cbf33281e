import type { ProcessRecord } from "./definition";

/**
 * Where one kind of process keeps its records: a table of the object's SQLite storage (declared
 * with drizzle in `src/db/cart-schema.ts`, migrated as every table is), the column of each record
 * field, and which fields are stored as JSON.
 */
export interface RecordTable<R extends ProcessRecord> {
  table: string;
  columns: { [F in keyof R & string]-?: string };
  json?: readonly (keyof R & string)[];
}

/**
 * The records of one process table, in plain SQL: a process reads and writes its record at every
 * step, and drizzle's query builder was a tenth of the object's CPU on the checkout's path.
 * Only the drive of a process changes its record (see `DriveContext.driving`), except the alarm
 * postponing the next look at one being driven, which that drive need not see, and what starts a
 * record, or drops a cancel whose claim was refused, between drives.
 */
export class ProcessRecords<R extends ProcessRecord> {
  private readonly json: ReadonlySet<string>;
  private readonly key: string;

  constructor(
    readonly sql: SqlStorage,
    readonly spec: RecordTable<R>,
  ) {
    this.json = new Set(spec.json ?? []);
    this.key = spec.columns.id;
  }

  find(id: string): R | undefined {
    const row = this.sql
      .exec<Record<string, SqlStorageValue>>(
        `SELECT * FROM ${this.spec.table} WHERE ${this.key} = ?`,
        id,
      )
      .toArray()[0];
    return row && this.recordOf(row);
  }

  get(id: string): R {
    const record = this.find(id);
    if (!record) throw new Error(`${this.spec.table} record ${id} not found`);
    return record;
  }

  /** Stores a new record; an existing one of the same id stays as it is (`false`). */
  insert(record: Partial<R> & Pick<R, "id" | "state">): boolean {
    const now = Date.now();
    const { columns, values } = this.stored(record);
    const cursor = this.sql.exec(
      `INSERT INTO ${this.spec.table} (${columns.map((c) => `"${c}", `).join("")}created_at, updated_at)
       VALUES (${columns.map(() => "?, ").join("")}?, ?) ON CONFLICT DO NOTHING`,
      ...values,
      now,
      now,
    );
    return cursor.rowsWritten > 0;
  }

  /** Writes `patch` into the stored record and answers `record` with the patch over it. */
  update(record: R, patch: Partial<R>): R {
    const { columns, values, fields } = this.stored(patch);
    this.sql.exec(
      `UPDATE ${this.spec.table} SET ${columns.map((c) => `"${c}" = ?, `).join("")}updated_at = ?
       WHERE ${this.key} = ?`,
      ...values,
      Date.now(),
      record.id,
    );
    return { ...record, ...fields };
  }

  delete(id: string): void {
    this.sql.exec(`DELETE FROM ${this.spec.table} WHERE ${this.key} = ?`, id);
  }

  /** Ids of the records whose next look is due by `now`. */
  due(now: number): string[] {
    return this.sql
      .exec<{ id: string }>(
        `SELECT ${this.key} AS id FROM ${this.spec.table} WHERE wake_at IS NOT NULL AND wake_at <= ?`,
        now,
      )
      .toArray()
      .map((r) => r.id);
  }

  /** The earliest next look of any record, or null when none needs one. */
  nextWake(): number | null {
    return this.sql
      .exec<{ next: number | null }>(`SELECT min(wake_at) AS next FROM ${this.spec.table}`)
      .one().next;
  }

  anyUnfinished(): boolean {
    return (
      this.sql
        .exec<{ busy: number }>(
          `SELECT EXISTS (SELECT 1 FROM ${this.spec.table} WHERE state <> 'done') AS busy`,
        )
        .one().busy === 1
    );
  }

  /** The set fields (undefined means "not given") as columns and values. */
  private stored(record: Partial<R>) {
    const fields = Object.fromEntries(
      Object.entries(record).filter(([, value]) => value !== undefined),
    ) as Partial<R>;
    const entries = Object.entries(fields);
    return {
      fields,
      columns: entries.map(([field]) => this.columnOf(field)),
      values: entries.map(([field, value]) =>
        this.json.has(field) && value !== null ? JSON.stringify(value) : (value as SqlStorageValue),
      ),
    };
  }

  private columnOf(field: string): string {
    const column = (this.spec.columns as Record<string, string>)[field];
    if (!column) throw new Error(`no ${this.spec.table} column for ${field}`);
    return column;
  }

  private recordOf(row: Record<string, SqlStorageValue>): R {
    const record: Record<string, unknown> = {};
    for (const [field, column] of Object.entries(this.spec.columns as Record<string, string>)) {
      const value = row[column];
      record[field] = this.json.has(field) && typeof value === "string" ? JSON.parse(value) : value;
    }
    return record as R;
  }
}
