import type { WebhookEventType } from "../db/webhook-schema";
import { notFound } from "../errors";
import { newId } from "../ids";
import { toHex } from "../sha256-hex";

export interface Endpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  createdAt: string;
}

interface EndpointRow {
  id: string;
  url: string;
  events: string;
  secret: string;
  description: string | null;
  created_at: string;
  disabled_at: string | null;
}

const toEndpoint = (row: EndpointRow): Endpoint => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as WebhookEventType[],
  description: row.description,
  enabled: row.disabled_at === null,
  createdAt: row.created_at,
});

/** A fresh signing secret: `whsec_` and 32 random bytes in hex. */
const newSecret = () => `whsec_${toHex(crypto.getRandomValues(new Uint8Array(32)))}`;

export interface EndpointInput {
  url: string;
  events: WebhookEventType[];
  description?: string | null;
}

/** Registers an endpoint; the answer is the only time its secret is shown. */
export async function createEndpoint(
  db: D1Database,
  input: EndpointInput,
): Promise<Endpoint & { secret: string }> {
  const row: EndpointRow = {
    id: newId("whk"),
    url: input.url,
    events: JSON.stringify([...new Set(input.events)]),
    secret: newSecret(),
    description: input.description ?? null,
    created_at: new Date().toISOString(),
    disabled_at: null,
  };
  await db
    .prepare(
      `INSERT INTO webhook_endpoints (id, url, events, secret, description, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6)`,
    )
    .bind(row.id, row.url, row.events, row.secret, row.description, row.created_at)
    .run();
  return { ...toEndpoint(row), secret: row.secret };
}

export async function listEndpoints(db: D1Database): Promise<Endpoint[]> {
  const { results } = await db
    .prepare("SELECT * FROM webhook_endpoints ORDER BY created_at, id")
    .all<EndpointRow>();
  return results.map(toEndpoint);
}

export async function findEndpoint(db: D1Database, id: string): Promise<Endpoint> {
  const row = await db
    .prepare("SELECT * FROM webhook_endpoints WHERE id = ?")
    .bind(id)
    .first<EndpointRow>();
  if (!row) throw notFound("Webhook endpoint");
  return toEndpoint(row);
}

export interface EndpointPatch extends Partial<EndpointInput> {
  enabled?: boolean;
}

/** Changes an endpoint; events it no longer takes stop being queued for it from now on. */
export async function updateEndpoint(
  db: D1Database,
  id: string,
  patch: EndpointPatch,
): Promise<Endpoint> {
  const row = await db
    .prepare(
      `UPDATE webhook_endpoints SET
         url = coalesce(?2, url),
         events = coalesce(?3, events),
         description = CASE WHEN ?4 THEN ?5 ELSE description END,
         disabled_at = CASE WHEN ?6 IS NULL THEN disabled_at
                            WHEN ?6 THEN NULL
                            ELSE coalesce(disabled_at, ?7) END
       WHERE id = ?1 RETURNING *`,
    )
    .bind(
      id,
      patch.url ?? null,
      patch.events ? JSON.stringify([...new Set(patch.events)]) : null,
      patch.description !== undefined ? 1 : 0,
      patch.description ?? null,
      patch.enabled === undefined ? null : patch.enabled ? 1 : 0,
      new Date().toISOString(),
    )
    .first<EndpointRow>();
  if (!row) throw notFound("Webhook endpoint");
  return toEndpoint(row);
}

/** Removes an endpoint and its delivery log; what was not yet delivered to it never will be. */
export async function deleteEndpoint(db: D1Database, id: string): Promise<void> {
  const [, deleted] = await db.batch([
    db.prepare("DELETE FROM webhook_deliveries WHERE endpoint_id = ?").bind(id),
    db.prepare("DELETE FROM webhook_endpoints WHERE id = ?").bind(id),
  ]);
  if ((deleted?.meta.changes ?? 0) === 0) throw notFound("Webhook endpoint");
}

/** Where an endpoint may be: https, or also plain http while developing locally. */
export function endpointUrlProblem(url: string, local: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "not a URL";
  }
  if (parsed.username || parsed.password) return "must not carry a user name or password";
  if (parsed.protocol === "https:" || (local && parsed.protocol === "http:")) return null;
  return local ? "must be http or https" : "must be https";
}
