/** Every byte's two hex digits, so a digest becomes text with one lookup per byte. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

/** Bytes as lowercase hex digits. */
export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let out = "";
  for (const b of view) out += HEX[b];
  return out;
}

/** The digest of text (as UTF-8) or bytes, as lowercase hex digits. */
export async function digestHex(
  algorithm: "SHA-1" | "SHA-256",
  data: string | Uint8Array<ArrayBuffer>,
): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  return toHex(await crypto.subtle.digest(algorithm, bytes));
}

/** The SHA-256 of text (as UTF-8) or bytes, as 64 lowercase hex digits. */
export const sha256Hex = (data: string | Uint8Array<ArrayBuffer>) => digestHex("SHA-256", data);

/** The HMAC-SHA256 of `payload` (as UTF-8) with `secret`. */
export async function hmacSha256(secret: string, payload: string): Promise<ArrayBuffer> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return crypto.subtle.sign("HMAC", key, encoder.encode(payload));
}

/** Bytes as base64url without padding: a token that goes in a URL as it is. */
export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replace(/=+$/, "");
}
