const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/** A random opaque id such as `prd_8k3m0q...`: 20 characters of base32 (100 bits). */
export function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  let out = "";
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return `${prefix}_${out}`;
}
