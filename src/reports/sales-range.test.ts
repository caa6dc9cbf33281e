import { describe, expect, it } from "vitest";
import { salesRange } from "./sales-range";

const NOW = Date.parse("2026-12-01T12:00:00Z");
const pathsOf = (r: ReturnType<typeof salesRange>) =>
  "errors" in r ? r.errors.map((e) => e.path) : [];

describe("a sales report's days", () => {
  it("defaults to the 30 days up to today, or up to `to`", () => {
    expect(salesRange({}, NOW)).toEqual({ from: "2026-11-02", to: "2026-12-01" });
    expect(salesRange({ to: "2024-03-31" }, NOW)).toEqual({ from: "2024-03-02", to: "2024-03-31" });
  });

  it("names the field that is not a day, or out of the range a report covers", () => {
    expect(pathsOf(salesRange({ to: "0000-01-01" }, NOW))).toEqual(["to"]);
    expect(pathsOf(salesRange({ from: "0001-01-01", to: "0001-01-02" }, NOW))).toEqual([
      "from",
      "to",
    ]);
    expect(pathsOf(salesRange({ from: "1969-12-31", to: "1970-01-05" }, NOW))).toEqual(["from"]);
    expect(pathsOf(salesRange({ from: "2024-02-30" }, NOW))).toEqual(["from"]);
    expect(pathsOf(salesRange({ to: "10000-01-01" }, NOW))).toEqual(["to"]);
  });

  it("refuses `from` after `to` and ranges over a year, naming `from`", () => {
    expect(pathsOf(salesRange({ from: "2024-03-02", to: "2024-03-01" }, NOW))).toEqual(["from"]);
    expect(pathsOf(salesRange({ from: "2020-01-01", to: "2024-01-01" }, NOW))).toEqual(["from"]);
  });

  it("starts a default range no earlier than the first day a report covers", () => {
    expect(salesRange({ to: "1970-01-05" }, NOW)).toEqual({ from: "1970-01-01", to: "1970-01-05" });
  });
});
