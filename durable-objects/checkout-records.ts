import type { CheckoutRecord } from "../src/checkout/record";

/**
 * A cart's checkout records (the `checkouts` table, see `src/db/cart-schema.ts`), in plain SQL: a
 * checkout reads and writes its record at every step, and drizzle's query builder was a tenth of
 * the object's CPU on that path.
 */
export class CheckoutRecords {
  constructor(private readonly sql: SqlStorage) {}

  /** Checkouts not answered yet: until one is, it holds the cart. */
  unsettled(): { id: string }[] {
    return this.sql
      .exec<{ id: string }>("SELECT id FROM checkouts WHERE reply_status IS NULL")
      .toArray();
  }

  /** Forgets answered checkouts made before `before`: their keys are no longer replayed. */
  forgetAnsweredBefore(before: number): void {
    this.sql.exec("DELETE FROM checkouts WHERE state = 'done' AND created_at < ?", before);
  }

  /** The checkout of an Idempotency-Key, with the hash of the body it came with. */
  byKey(key: string): { id: string; requestHash: string } | undefined {
    const row = this.sql
      .exec<{ id: string; request_hash: string }>(
        "SELECT id, request_hash FROM checkouts WHERE idempotency_key = ?",
        key,
      )
      .toArray()[0];
    return row && { id: row.id, requestHash: row.request_hash };
  }

  find(id: string): CheckoutRecord | undefined {
    const row = this.sql
      .exec<Record<string, SqlStorageValue>>("SELECT * FROM checkouts WHERE id = ?", id)
      .toArray()[0];
    return row && recordOf(row);
  }

  get(id: string): CheckoutRecord {
    const record = this.find(id);
    if (!record) throw new Error(`checkout ${id} not found`);
    return record;
  }

  /** Stores a new checkout record. */
  insert(
    record: Pick<CheckoutRecord, "id" | "idempotencyKey" | "requestHash" | "state" | "request"> &
      Partial<CheckoutRecord>,
  ): void {
    const now = Date.now();
    const { columns, values } = stored(record);
    this.sql.exec(
      `INSERT INTO checkouts (${columns.map((c) => `"${c}", `).join("")}created_at, updated_at)
       VALUES (${columns.map(() => "?, ").join("")}?, ?)`,
      ...values,
      now,
      now,
    );
  }

  /**
   * Writes `patch` into the stored record and answers `record` with the patch over it, without
   * reading it back: only the drive of a checkout writes its record (see CartProcesses' `driving`),
   * except the alarm moving `wake_at` of one being driven, which that drive need not see.
   */
  update(record: CheckoutRecord, patch: Partial<CheckoutRecord>): CheckoutRecord {
    const { columns, values, fields } = stored(patch);
    this.sql.exec(
      `UPDATE checkouts SET ${columns.map((c) => `"${c}" = ?, `).join("")}updated_at = ? WHERE id = ?`,
      ...values,
      Date.now(),
      record.id,
    );
    return { ...record, ...fields };
  }
}

/** The `checkouts` columns of the record's fields (see `src/db/cart-schema.ts`). */
const CHECKOUT_COLUMNS: Record<string, string> = {
  id: "id",
  idempotencyKey: "idempotency_key",
  requestHash: "request_hash",
  state: "state",
  request: "request",
  order: "order",
  authorizationId: "authorization_id",
  paymentId: "payment_id",
  paidAt: "paid_at",
  failure: "failure",
  replyStatus: "reply_status",
  replyBody: "reply_body",
  attempts: "attempts",
  wakeAt: "wake_at",
};
const JSON_FIELDS = new Set(["request", "order", "failure"]);

function columnOf(field: string): string {
  const column = CHECKOUT_COLUMNS[field];
  if (!column) throw new Error(`no checkouts column for ${field}`);
  return column;
}

function columnValue(field: string, value: unknown): SqlStorageValue {
  if (JSON_FIELDS.has(field)) return value === null ? null : JSON.stringify(value);
  return value as SqlStorageValue;
}

/** The record's set fields (undefined means "not given") as `checkouts` columns and values. */
function stored(record: Partial<CheckoutRecord>) {
  const fields = Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as Partial<CheckoutRecord>;
  const entries = Object.entries(fields);
  return {
    fields,
    columns: entries.map(([field]) => columnOf(field)),
    values: entries.map(([field, value]) => columnValue(field, value)),
  };
}

function recordOf(row: Record<string, SqlStorageValue>): CheckoutRecord {
  const record: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(CHECKOUT_COLUMNS)) {
    const value = row[column];
    record[field] = JSON_FIELDS.has(field) && typeof value === "string" ? JSON.parse(value) : value;
  }
  return record as unknown as CheckoutRecord;
}
