import { sha256Hex } from "../sha256-hex";

/** SHA-256 of a request's validated body: what an Idempotency-Key's replay must match. */
export const requestHash = (input: unknown): Promise<string> => sha256Hex(JSON.stringify(input));
