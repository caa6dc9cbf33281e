import { type ReturnStatus, refundedInFull } from "../db/fulfillment-schema";
import type { OrderEmailKind } from "../db/schema";
import { queueEmailStatement } from "../emails/outbox";
import { AppError, conflict, type ErrorCode, validationFailed } from "../errors";
import { newId } from "../ids";
import { logEvent } from "../log";
import { refundPart } from "../refunds/refund";
import type { RefundDeps } from "../refunds/settle";
import {
  findReturn,
  NOTHING_LEFT,
  RETURNABLE_SQL,
  type Return,
  type ReturnLine,
  type ReturnRow,
  returnable,
  toReturn,
} from "./read";

export interface ReturnDeps extends RefundDeps {
  /** Days after an order's last parcel left during which its shopper may ask to return units. */
  windowDays: number;
  /** Puts units back on hand, once per id. */
  restock: (sku: string, units: number, id: string) => Promise<void>;
}

/** What the ledger answers a return's refund that no retry can change. */
const FINAL_REFUSALS = new Set<ErrorCode>([
  "refund_exceeds_captured",
  "refund_refused",
  "validation_failed",
]);

/** The statements that record a step of a return: its event (once) and the shopper's email. */
function told(db: D1Database, r: { id: string; orderId: string }, step: ReturnStatus, at: string) {
  const once = `return_${step}:${r.id}`;
  return [
    db
      .prepare(
        `INSERT INTO order_events (order_id, type, at, data, once)
         SELECT order_id, ?3, ?4, json_object('returnId', id, 'number', number, 'lines', json(lines),
                'note', note, 'restock', restock), ?5
         FROM returns WHERE id = ?1 AND order_id = ?2 AND status = ?6
         ON CONFLICT DO NOTHING`,
      )
      .bind(r.id, r.orderId, `return_${step}`, at, once, step),
    queueEmailStatement(db, r.orderId, `return_${step}` as OrderEmailKind, { ref: r.id, once }),
  ];
}

/** The return the key made, if any; one made by another request under the key is refused. */
async function byKey(
  db: D1Database,
  orderId: string,
  input: { key: string; requestHash?: string },
) {
  const row = await db
    .prepare("SELECT * FROM returns WHERE order_id = ? AND key = ?")
    .bind(orderId, input.key)
    .first<ReturnRow & { request_hash: string | null }>();
  // Returns asked for before requests were hashed answer any body.
  if (row?.request_hash && row.request_hash !== input.requestHash) {
    throw new AppError("idempotency_key_reused", "This key was used with another return.");
  }
  return row;
}

/**
 * A shopper asks to send back units of shipped lines, within the return window after the last
 * parcel left. One guarded insert: never more units than shipped, less those of other returns
 * not refused, so racing requests cannot ask twice for the same unit. The same key answers the
 * same return.
 */
export async function requestReturn(
  deps: Pick<ReturnDeps, "db" | "windowDays">,
  orderId: string,
  input: { key: string; requestHash?: string; lines: ReturnLine[]; reason?: string | null },
): Promise<{ ret: Return; created: boolean }> {
  const existing = await byKey(deps.db, orderId, input);
  if (existing) return { ret: toReturn(existing), created: false };
  const { units, until, refunded } = await returnable(deps.db, orderId, deps.windowDays);
  if (until === null) throw conflict("Nothing of this order has shipped yet: nothing to return.");
  if (refunded) throw conflict("This order was refunded in full: there is nothing to return.");
  if (Date.now() > until.getTime()) {
    throw conflict(
      `The return window of this order closed on ${until.toISOString().slice(0, 10)}.`,
    );
  }
  if (new Set(input.lines.map((l) => l.sku)).size !== input.lines.length) {
    throw validationFailed([{ path: "lines", message: "each sku once" }]);
  }
  const unknown = input.lines.flatMap((l, i) =>
    units.has(l.sku)
      ? []
      : [{ path: `lines.${i}.sku`, message: "not a shipped line of this order" }],
  );
  if (unknown.length > 0) throw validationFailed(unknown);
  const over = input.lines.flatMap((l, i) => {
    const n = units.get(l.sku) ?? 0;
    return l.quantity > n
      ? [{ path: `lines.${i}.quantity`, message: `only ${n} can be returned` }]
      : [];
  });
  if (over.length > 0) throw new AppError("conflict", "More units than can be returned.", over);

  const id = newId("ret");
  const at = new Date().toISOString();
  const lines = JSON.stringify(input.lines);
  const [inserted] = await deps.db.batch([
    deps.db
      .prepare(
        `WITH left AS (${RETURNABLE_SQL.replaceAll("?1", "?2")})
         INSERT INTO returns (id, order_id, number, key, status, lines, reason, created_at, updated_at, request_hash)
         SELECT ?1, ?2, (SELECT coalesce(max(number), 0) + 1 FROM returns WHERE order_id = ?2),
                ?3, 'requested', ?4, ?5, ?6, ?6, ?7
         WHERE NOT EXISTS (SELECT 1 FROM returns WHERE order_id = ?2 AND key = ?3)
           AND NOT EXISTS (SELECT 1 FROM orders WHERE id = ?2 AND ${refundedInFull()})
           AND NOT EXISTS (
             SELECT 1 FROM json_each(?4) want LEFT JOIN left ON left.sku = want.value ->> 'sku'
             WHERE left.n IS NULL OR want.value ->> 'quantity' > left.n)`,
      )
      .bind(id, orderId, input.key, lines, input.reason ?? null, at, input.requestHash ?? null),
    ...told(deps.db, { id, orderId }, "requested", at),
  ]);
  if ((inserted?.meta.changes ?? 0) > 0)
    return { ret: await findReturn(deps.db, id), created: true };
  const replay = await byKey(deps.db, orderId, input);
  if (replay) return { ret: toReturn(replay), created: false };
  throw conflict("Another return of this order took those units first.");
}

/** The merchant approves a requested return (the shopper is told to send it) or refuses it. */
export async function decideReturn(
  db: D1Database,
  id: string,
  decision: "approved" | "refused",
  note?: string | null,
): Promise<Return> {
  const ret = await findReturn(db, id);
  if (ret.status === decision) return ret;
  const refusal = () =>
    conflict(`Only a requested return can be ${decision}; this one is ${ret.status}.`);
  if (ret.status !== "requested") throw refusal();
  const at = new Date().toISOString();
  await db.batch([
    db
      .prepare(
        `UPDATE returns SET status = ?2, note = coalesce(?3, note), updated_at = ?4
         WHERE id = ?1 AND status = 'requested'`,
      )
      .bind(id, decision, note ?? null, at),
    ...told(db, ret, decision, at),
  ]);
  const after = await findReturn(db, id);
  if (after.status !== decision) throw refusal();
  return after;
}

/**
 * The parcel came back: the return is `received` (the shopper told), its units go back to
 * stock if the merchant says so (once each, by id), and the refund of its lines is written to
 * the ledger and paid (key `return:<id>`, with their share of discounts, shipping and tax).
 * Each step is idempotent, so receiving again (or the sweep) finishes one that stopped half way.
 */
export async function receiveReturn(
  deps: ReturnDeps,
  id: string,
  restock: boolean,
): Promise<Return> {
  const ret = await findReturn(deps.db, id);
  if (ret.status !== "approved" && ret.status !== "received") {
    throw conflict(`Only an approved return can be received; this one is ${ret.status}.`);
  }
  if (ret.status === "approved") {
    const at = new Date().toISOString();
    await deps.db.batch([
      deps.db
        .prepare(
          `UPDATE returns SET status = 'received', restock = ?2, updated_at = ?3
           WHERE id = ?1 AND status = 'approved'`,
        )
        .bind(id, restock ? 1 : 0, at),
      ...told(deps.db, ret, "received", at),
    ]);
  }
  return finishReturn(deps, await findReturn(deps.db, id));
}

/**
 * The refund and the stock of a received return, each done once: the refund first (written to
 * the ledger before any money moves), so units never go back to stock for a return that cannot
 * be refunded. A refund the ledger refuses for good (the order was refunded in full, or by lines,
 * since the return was asked) settles the return with nothing more to give, and is logged.
 */
export async function finishReturn(deps: ReturnDeps, ret: Return): Promise<Return> {
  if (ret.status !== "received" || ret.settled) return ret;
  const refundId = await refundPart(deps, ret.orderId, {
    key: ret.id,
    requestHash: ret.id,
    lines: ret.lines,
    reason: `Return #${ret.number}`,
    source: "return",
  }).then(
    ({ refund }) => refund.id,
    (err: unknown) => {
      const final = err instanceof AppError && FINAL_REFUSALS.has(err.code);
      if (!final) throw err;
      logEvent(
        "return_refund_refused",
        { return: ret.id, code: err.code, detail: err.detail },
        "warn",
      );
      return NOTHING_LEFT;
    },
  );
  if (ret.restock) {
    for (const l of ret.lines) await deps.restock(l.sku, l.quantity, `return:${ret.id}:${l.sku}`);
  }
  await deps.db
    .prepare(
      "UPDATE returns SET refund_id = ?2, updated_at = ?3 WHERE id = ?1 AND refund_id IS NULL",
    )
    .bind(ret.id, refundId, new Date().toISOString())
    .run();
  return findReturn(deps.db, ret.id);
}

/** Received returns whose stock or refund stopped half way, a minute on: the sweep finishes them. */
export async function finishStoppedReturns(deps: ReturnDeps, now = Date.now()) {
  const { results } = await deps.db
    .prepare(
      `SELECT * FROM returns WHERE status = 'received' AND refund_id IS NULL AND updated_at < ?
       ORDER BY updated_at LIMIT 20`,
    )
    .bind(new Date(now - 60_000).toISOString())
    .all<ReturnRow>();
  let finished = 0;
  for (const row of results) {
    await finishReturn(deps, toReturn(row)).then(
      () => {
        finished += 1;
      },
      // Its turn comes again after the others': one that keeps failing blocks none of them.
      () =>
        deps.db
          .prepare("UPDATE returns SET updated_at = ?2 WHERE id = ?1")
          .bind(row.id, new Date(now).toISOString())
          .run(),
    );
  }
  return finished;
}
