import type fc from "fast-check";

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export function anyRequest(
  doc: unknown,
  tokens: { adminToken: string; shopperToken: string },
): fc.Arbitrary<FuzzRequest>;

export { default as fc } from "fast-check";
