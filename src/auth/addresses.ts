import { AppError, notFound } from "../errors";
import { newId } from "../ids";
import type { AddressInput, AddressPatch, SavedAddress } from "../schemas/addresses";

/** How many addresses one customer may keep. */
export const MAX_ADDRESSES = 20;

interface AddressRow {
  id: string;
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postal_code: string;
  country: string;
  last_used_at: string | null;
  created_at: string;
  updated_at: string;
}

const toAddress = (r: AddressRow): SavedAddress => ({
  id: r.id,
  name: r.name,
  line1: r.line1,
  ...(r.line2 ? { line2: r.line2 } : {}),
  city: r.city,
  ...(r.region ? { region: r.region } : {}),
  postalCode: r.postal_code,
  country: r.country,
  lastUsedAt: r.last_used_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The fields that make two addresses the same place, compared without case or spacing. */
const sameKey = (a: AddressInput | SavedAddress) =>
  [a.name, a.line1, a.line2 ?? "", a.city, a.region ?? "", a.postalCode, a.country]
    .map((part) => part.trim().replace(/\s+/g, " ").toLowerCase())
    .join("|");

/** An address's fields in the columns' order (name … country), for INSERT and UPDATE. */
const columnsOf = (a: AddressInput) => [
  a.name,
  a.line1,
  a.line2 ?? null,
  a.city,
  a.region ?? null,
  a.postalCode,
  a.country,
];

/** The customer's saved address that is the same place as `address`, if any. */
async function sameAs(db: D1Database, customerId: string, address: AddressInput) {
  const key = sameKey(address);
  return (await listAddresses(db, customerId)).find((a) => sameKey(a) === key);
}

/** A customer's addresses, the last one used first, then the newest. */
export async function listAddresses(db: D1Database, customerId: string): Promise<SavedAddress[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM customer_addresses WHERE customer_id = ?
       ORDER BY last_used_at IS NULL, last_used_at DESC, created_at DESC, id DESC`,
    )
    .bind(customerId)
    .all<AddressRow>();
  return results.map(toAddress);
}

/** One of the customer's addresses; another customer's is not found, as a missing one is. */
export async function findAddress(db: D1Database, customerId: string, id: string) {
  const row = await db
    .prepare("SELECT * FROM customer_addresses WHERE id = ? AND customer_id = ?")
    .bind(id, customerId)
    .first<AddressRow>();
  if (!row) throw notFound("Address");
  return toAddress(row);
}

/**
 * Saves an address; one the book has already (the same fields, whatever their case) is answered
 * as it is, `created` false. The count is checked in the INSERT itself, so racing saves cannot
 * pass `MAX_ADDRESSES`.
 */
export async function addAddress(
  db: D1Database,
  customerId: string,
  address: AddressInput,
): Promise<{ address: SavedAddress; created: boolean }> {
  const same = await sameAs(db, customerId, address);
  if (same) return { address: same, created: false };
  return { address: await insertAddress(db, customerId, address, null), created: true };
}

/** Inserts a new address unless the book is full (counted in the INSERT: 409 `conflict`). */
async function insertAddress(
  db: D1Database,
  customerId: string,
  address: AddressInput,
  usedAt: string | null,
): Promise<SavedAddress> {
  const id = newId("adr");
  const now = new Date().toISOString();
  const row = await db
    .prepare(
      `INSERT INTO customer_addresses
         (id, customer_id, name, line1, line2, city, region, postal_code, country, last_used_at, created_at, updated_at)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11
       WHERE (SELECT count(*) FROM customer_addresses WHERE customer_id = ?2) < ?12
       RETURNING *`,
    )
    .bind(id, customerId, ...columnsOf(address), usedAt, now, MAX_ADDRESSES)
    .first<AddressRow>();
  if (!row) {
    throw new AppError(
      "conflict",
      `The address book is full (${MAX_ADDRESSES} addresses): delete one to save another.`,
    );
  }
  return toAddress(row);
}

/** An address with some of its fields changed (null removes `line2` or `region`), to check again. */
export function patched(current: SavedAddress, patch: AddressPatch): Record<string, unknown> {
  const { id: _, lastUsedAt, createdAt, updatedAt, ...fields } = current;
  return Object.fromEntries(
    Object.entries({ ...fields, ...patch }).filter(([, v]) => v !== null && v !== undefined),
  );
}

/** Writes a saved address's fields anew. */
export async function updateAddress(
  db: D1Database,
  customerId: string,
  id: string,
  a: AddressInput,
): Promise<SavedAddress> {
  const row = await db
    .prepare(
      `UPDATE customer_addresses SET name = ?, line1 = ?, line2 = ?, city = ?, region = ?,
         postal_code = ?, country = ?, updated_at = ?
       WHERE id = ? AND customer_id = ? RETURNING *`,
    )
    .bind(...columnsOf(a), new Date().toISOString(), id, customerId)
    .first<AddressRow>();
  if (!row) throw notFound("Address");
  return toAddress(row);
}

export async function deleteAddress(db: D1Database, customerId: string, id: string) {
  const { meta } = await db
    .prepare("DELETE FROM customer_addresses WHERE id = ? AND customer_id = ?")
    .bind(id, customerId)
    .run();
  if (meta.changes === 0) throw notFound("Address");
}

/**
 * Notes that a checkout shipped to `address`: the saved one that is the same place becomes the
 * last one used; one not saved is saved when `save` (and the book has room).
 */
export async function rememberAddressUse(
  db: D1Database,
  customerId: string,
  address: AddressInput,
  save: boolean,
): Promise<void> {
  const now = new Date().toISOString();
  const same = await sameAs(db, customerId, address);
  if (same) {
    await db
      .prepare("UPDATE customer_addresses SET last_used_at = ? WHERE id = ?")
      .bind(now, same.id)
      .run();
    return;
  }
  if (!save) return;
  try {
    await insertAddress(db, customerId, address, now);
  } catch (err) {
    // A full book keeps what it has: the order is placed all the same.
    if (!(err instanceof AppError && err.code === "conflict")) throw err;
  }
}
