import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "./backoff";

describe("retryDelaySeconds", () => {
  it("doubles from 10 s and stops at 5 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelaySeconds)).toEqual([10, 20, 40, 80, 160, 300, 300]);
  });
});
