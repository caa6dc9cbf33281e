import { type CancelAnswer, STILL_RUNNING } from "../durable-objects/cart-contract";
import { readToken } from "./auth/tokens";
import { reachProcess } from "./process-reply";

/** The shopper's cart object: their cart, and the checkouts and cancels of their orders. */
export function cartStubFor(env: Env, shopperId: string) {
  return env.CART.get(env.CART.idFromName(shopperId));
}

/**
 * Cancels one of a shopper's orders in their cart object (see `CartProcesses.cancel`), for the
 * API, the back office and the pages alike.
 */
export async function cancelOrderIn(
  env: Env,
  shopperId: string,
  orderId: string,
): Promise<CancelAnswer> {
  return reachProcess(
    () => cartStubFor(env, shopperId).cancelOrder(orderId, shopperId) as Promise<CancelAnswer>,
    STILL_RUNNING,
  );
}
/**
 * Moves a guest's cart into a customer's at login (now, or once a checkout holding the customer's
 * cart has finished); a token that is not a valid guest's is ignored.
 */
export async function mergeGuestCart(env: Env, guestToken: string | undefined, customerId: string) {
  const guest = guestToken ? await readToken(guestToken, env.JWT_SECRET) : null;
  if (guest?.kind !== "guest" || guest.id === customerId) return;
  await cartStubFor(env, customerId).mergeGuest(guest.id);
}
