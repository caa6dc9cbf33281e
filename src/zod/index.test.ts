import { describe, expect, it } from "vitest";
import { z as imported } from "zod";
import * as zod from "../../node_modules/zod/v4/classic/external.js";
import * as lean from "./index";

/** What is left out on purpose: the locales, JSON Schema import, the ahead-of-time compiler. */
const LEFT_OUT = new Set([
  "locales",
  "fromJSONSchema",
  "INVALID",
  "ZodCompileAsyncError",
  "ZodCompileUnsupportedError",
  "compile",
  "withParser",
  "compileFn",
]);

const entriesBut = (ns: object, left: string) =>
  Object.entries(ns).filter(([name]) => name !== left && !LEFT_OUT.has(name));

describe("zod without its locales", () => {
  it("exports everything zod does, the same values, but what is left out", () => {
    const exported = new Map(Object.entries(lean));
    for (const [name, value] of entriesBut(zod, "core")) {
      expect(exported.get(name), name).toBe(value);
    }
    const core = new Map(Object.entries(lean.core));
    for (const [name, value] of entriesBut(zod.core, "")) {
      expect(core.get(name), `core.${name}`).toBe(value);
    }
    expect(lean.z.object).toBe(zod.object);
    expect(lean.locales).toEqual({});
    expect(lean.core.locales).toEqual({});
    expect(lean.fromJSONSchema).toBeUndefined();
    expect(lean.core.compile).toBeUndefined();
    expect(lean.compile).toBeUndefined();
  });

  it("is what `zod` means in the tests, as in the Worker's bundle", () => {
    expect(imported).toBe(lean.z);
    expect(imported.locales).toEqual({});
  });

  it("still says what is wrong, in English", () => {
    const result = lean.z.object({ n: lean.z.number().int() }).safeParse({ n: "1" });
    expect(result.error?.issues[0]?.message).toBe(
      "Invalid input: expected number, received string",
    );
  });
});
