/** The digest of text (as UTF-8) or bytes, as lowercase hex digits. */
export async function digestHex(
  algorithm: "SHA-1" | "SHA-256",
  data: string | Uint8Array<ArrayBuffer>,
): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const digest = await crypto.subtle.digest(algorithm, bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** The SHA-256 of text (as UTF-8) or bytes, as 64 lowercase hex digits. */
export const sha256Hex = (data: string | Uint8Array<ArrayBuffer>) => digestHex("SHA-256", data);
