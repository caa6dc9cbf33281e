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

  it("says what to do, in the shop's words, not the parser's", () => {
    const z = lean.z;
    type Parses = { safeParse(input: unknown): { error?: { issues: { message: string }[] } } };
    const messageOf = (schema: Parses, input: unknown) =>
      schema.safeParse(input).error?.issues.map((i) => i.message);
    const Form = z.object({
      password: z.string().min(10).max(200),
      email: z.email(),
      quantity: z.number().int().min(1).max(99),
      lines: z.array(z.string()).max(2),
      kind: z.enum(["percentage", "fixed"]),
      name: z.string().min(1),
    });
    expect(
      messageOf(Form, {
        password: "short",
        email: "nobody",
        quantity: 0,
        lines: ["a", "b", "c"],
        kind: "free",
        name: "",
      }),
    ).toEqual([
      "Use at least 10 characters.",
      "Enter an email address, like name@example.com.",
      "Must be at least 1.",
      "Use at most 2 items.",
      "Choose one of “percentage”, “fixed”.",
      "This is required.",
    ]);
    expect(messageOf(Form.pick({ quantity: true }), {})).toEqual(["This is required."]);
    expect(messageOf(Form.pick({ quantity: true }), { quantity: "1" })).toEqual([
      "Enter a number.",
    ]);
    expect(messageOf(z.number().int(), 1.5)).toEqual(["Enter a whole number."]);
    expect(messageOf(z.string().max(1), "ab")).toEqual(["Use at most 1 character."]);
    // A schema's own message still wins.
    expect(messageOf(z.string().min(3, "Three or more, please."), "a")).toEqual([
      "Three or more, please.",
    ]);
  });
});
