import { sha256Hex } from "../sha256-hex";

/** A card's state as its authority keeps it, in minor units of `currency`. */
export interface GiftCardState {
  currency: string;
  initial: number;
  /** What is left to spend: initial + credits − committed − held. */
  balance: number;
  /** Spent by checkouts still running. */
  held: number;
  status: "active" | "void";
}

export type SpendResult =
  | { ok: true; amount: number }
  | {
      ok: false;
      reason: "empty" | "insufficient" | "void" | "released" | "unknown" | "currency";
      balance?: number;
    };

/** The calls a checkout and a refund make on a gift card's `GiftCardObject`. */
export interface GiftCardAuthority {
  /** Issues the card (once: again, it answers the card as it is). */
  issue(currency: string, initial: number): Promise<GiftCardState>;
  /**
   * Holds up to `max` of the balance for `holdId` (idempotent: the same id answers as it did);
   * with `whole`, all of `max` or nothing (`insufficient`).
   */
  hold(
    holdId: string,
    spend: { currency: string; max: number; whole: boolean; ttlMs: number },
  ): Promise<SpendResult>;
  commit(holdId: string): Promise<{ ok: boolean }>;
  /** Gives a held or committed (not yet captured) spend back; an unknown one is tombstoned. */
  release(holdId: string): Promise<{ state: string }>;
  /** Nothing more can be spent of the card. */
  void(): Promise<GiftCardState | null>;
  /**
   * A refund's credit of a committed spend, once per `creditId`, never more than was spent; a
   * void card takes none (`void: true`) unless `evenIfVoid`.
   */
  credit(
    creditId: string,
    holdId: string,
    amount: number,
    evenIfVoid?: boolean,
  ): Promise<{ ok: boolean; amount: number; void?: boolean }>;
}

/** A card's code as typed: case, spaces and dashes do not matter. */
export const normalGiftCode = (code: string) => code.replace(/[\s-]/g, "").toUpperCase();

/**
 * A card's key: the SHA-256 of its normalized code. D1 and the object's name keep only this, so
 * the code is a bearer secret shown once, at issue (and in the buyer's email).
 */
export const giftCardKey = (code: string) => sha256Hex(`gift-card:${normalGiftCode(code)}`);

/** The `GiftCardObject` of a card, by its key. */
export function giftCardAuthority<T extends Rpc.DurableObjectBranded>(
  namespace: DurableObjectNamespace<T>,
  key: string,
): DurableObjectStub<T> {
  return namespace.get(namespace.idFromName(key));
}

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A code of 16 bytes: `GC-` and four groups of four of 32 letters and digits (80 bits). */
export function giftCodeOf(bytes: Uint8Array): string {
  const chars = [...bytes.slice(0, 16)].map((b) => ALPHABET[b & 31]).join("");
  return `GC-${chars.match(/.{4}/g)?.join("-")}`;
}

/** A new random code. */
export const newGiftCode = () => giftCodeOf(crypto.getRandomValues(new Uint8Array(16)));
