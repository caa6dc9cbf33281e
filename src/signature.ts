import { bytesEqual } from "./constant-time";
import { hmacSha256, toHex } from "./sha256-hex";

/**
 * Signed webhooks, Stripe's way, which the shop's own webhooks (outbound, and the warehouse's
 * inbound confirmations) use too: the header (`Stripe-Signature`, `webhook-signature`) is
 * `t=<unix seconds>,v1=<hex>` (several `v1` while a secret is being rolled), each an HMAC-SHA256
 * of `<t>.<raw body>` with the endpoint's secret. A signature older than the tolerance is refused,
 * so a captured request cannot be replayed later. WebCrypto does it all on Workers; no SDK needed.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const encoder = new TextEncoder();

const hmacHex = async (secret: string, payload: string) => toHex(await hmacSha256(secret, payload));

function sameText(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  return bytesEqual(x, y);
}

/** Whether `header` signs `payload` with `secret`, within the tolerance of `nowSeconds`. */
export async function verifySignature(
  secret: string,
  header: string | undefined,
  payload: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  if (!header) return false;
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamp = Number(parts.find(([k]) => k === "t")?.[1]);
  const signatures = parts.filter(([k, v]) => k === "v1" && v).map(([, v]) => v as string);
  if (!Number.isInteger(timestamp) || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = await hmacHex(secret, `${timestamp}.${payload}`);
  return signatures.some((signature) => sameText(signature, expected));
}

/** The header that signs `payload` (as Stripe would send it, and as the shop's webhooks do). */
export async function signatureHeader(
  secret: string,
  payload: string,
  timestamp = Math.floor(Date.now() / 1000),
): Promise<string> {
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${payload}`)}`;
}
