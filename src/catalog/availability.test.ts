import { describe, expect, it } from "vitest";
import {
  forgetAvailability,
  knownSoldOut,
  rememberSoldOut,
  SOLD_OUT_MEMORY_MS,
} from "./availability";

describe("the sold-out memory", () => {
  it("remembers a sold-out sku for a moment only", () => {
    rememberSoldOut("MEMO-A", 1_000);
    expect(knownSoldOut(["MEMO-A", "MEMO-B"], 1_000)).toEqual(["MEMO-A"]);
    expect(knownSoldOut(["MEMO-A"], 1_000 + SOLD_OUT_MEMORY_MS - 1)).toEqual(["MEMO-A"]);
    expect(knownSoldOut(["MEMO-A"], 1_000 + SOLD_OUT_MEMORY_MS)).toEqual([]);
  });

  it("forgets a sku whose stock changed through this isolate", () => {
    rememberSoldOut("MEMO-C", 5_000);
    forgetAvailability(["MEMO-C"]);
    expect(knownSoldOut(["MEMO-C"], 5_000)).toEqual([]);
  });
});
