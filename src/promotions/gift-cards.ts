import { desc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { giftCards } from "../db/promotion-schema";
import { AppError, notFound } from "../errors";
import { money } from "../money";
import type { GiftCard } from "../schemas/gift-cards";
import {
  type GiftCardState,
  giftCardKey,
  newGiftCode,
  normalGiftCode,
} from "./gift-card-authority";

/** The calls the directory makes on a card's object, besides a checkout's. */
export interface GiftCardObjectCalls {
  issue(currency: string, initial: number): Promise<GiftCardState>;
  state(): Promise<GiftCardState | null>;
  void(): Promise<GiftCardState | null>;
}

export interface GiftCardDeps {
  orm: Db;
  /** The card's `GiftCardObject`, by its key. */
  card: (key: string) => GiftCardObjectCalls;
}

type Row = typeof giftCards.$inferSelect;

function viewOf(row: Row, state: GiftCardState | null): GiftCard {
  const m = (amount: number) => money(amount, row.currency);
  return {
    id: row.key,
    last4: row.last4,
    currency: row.currency,
    initialAmount: m(row.initialAmount),
    balance: m(state?.balance ?? 0),
    held: m(state?.held ?? 0),
    status: state?.status ?? row.status,
    source: row.source,
    orderId: row.orderId,
    note: row.note,
    createdAt: row.createdAt,
  };
}

/**
 * Issues a card: its object first (the authority on the balance), then its directory row. The
 * code is answered once and never stored: a card whose row failed to be written was never shown.
 */
export async function issueGiftCard(
  deps: GiftCardDeps,
  input: {
    amount: { amount: number; currency: string };
    note?: string | undefined;
    orderId?: string;
  },
): Promise<GiftCard & { code: string }> {
  const code = newGiftCode();
  const key = await giftCardKey(code);
  const state = await deps.card(key).issue(input.amount.currency, input.amount.amount);
  const [row] = await deps.orm
    .insert(giftCards)
    .values({
      key,
      last4: normalGiftCode(code).slice(-4),
      currency: input.amount.currency,
      initialAmount: input.amount.amount,
      source: input.orderId ? "order" : "admin",
      orderId: input.orderId ?? null,
      note: input.note ?? null,
    })
    .returning();
  if (!row) throw new Error("a gift card row just written is gone");
  return { ...viewOf(row, state), code };
}

/** A card by its id (key), with its balance from its object now. */
export async function giftCardById(deps: GiftCardDeps, key: string): Promise<GiftCard> {
  const row = await deps.orm.query.giftCards.findFirst({ where: eq(giftCards.key, key) });
  if (!row) throw notFound("Gift card");
  return viewOf(row, await deps.card(key).state());
}

/** A card by its code as typed (any case, spaces and dashes). Unknown: 404. */
export async function giftCardByCode(deps: GiftCardDeps, code: string): Promise<GiftCard> {
  return giftCardById(deps, await giftCardKey(code));
}

/** The newest cards first, with their balances. */
export async function listGiftCards(deps: GiftCardDeps, limit = 50): Promise<GiftCard[]> {
  const rows = await deps.orm.query.giftCards.findMany({
    orderBy: [desc(giftCards.createdAt)],
    limit,
  });
  const states = await Promise.all(rows.map((r) => deps.card(r.key).state()));
  return rows.map((r, i) => viewOf(r, states[i] ?? null));
}

/** Voids a card: its balance can no longer be spent. A void card stays void (409). */
export async function voidGiftCard(deps: GiftCardDeps, key: string): Promise<GiftCard> {
  const row = await deps.orm.query.giftCards.findFirst({ where: eq(giftCards.key, key) });
  if (!row) throw notFound("Gift card");
  if (row.status === "void")
    throw new AppError("conflict", `The card ending ${row.last4} is void.`);
  const state = await deps.card(key).void();
  await deps.orm.update(giftCards).set({ status: "void" }).where(eq(giftCards.key, key));
  return viewOf({ ...row, status: "void" }, state);
}
