import { describe, expect, it } from "vitest";
import { setBounded } from "./bounded-map";

describe("a bounded memo", () => {
  it("drops the entry set longest ago when full, and setting a key again makes it the newest", () => {
    const memo = new Map<string, number>();
    for (const key of ["a", "b", "c"]) setBounded(memo, key, 1, 3);
    setBounded(memo, "a", 2, 3);
    setBounded(memo, "d", 1, 3);
    expect([...memo.keys()]).toEqual(["c", "a", "d"]);
    expect(memo.get("a")).toBe(2);
  });
});
