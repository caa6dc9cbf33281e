/**
 * HTML + CSS sizes per page, on the wire and uncompressed. Each test file runs in its own process,
 * so the sizes meet in a JSON file that the global teardown prints as a table.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { artifactPath } from "./artifacts.mjs";

const file = () => artifactPath("page-sizes.json");

const readSizes = () => (existsSync(file()) ? JSON.parse(readFileSync(file(), "utf8")) : {});

export function resetPageSizes() {
  rmSync(file(), { force: true });
}

/** Test files run one after another (fileParallelism: false), so read-modify-write is safe. */
export function recordPageSize(page, sizes) {
  writeFileSync(file(), `${JSON.stringify({ ...readSizes(), [page]: sizes }, null, 2)}\n`);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const COLUMNS = ["page", "HTML", "CSS", "HTML + CSS", "uncompressed"];

function formatTable(rows) {
  const widths = COLUMNS.map((_, i) => Math.max(...[COLUMNS, ...rows].map((r) => r[i].length)));
  // The page name reads left to right, the numbers line up on the right.
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(COLUMNS), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

export function printPageSizes() {
  const rows = Object.entries(readSizes()).map(([page, { html, css }]) => [
    page,
    kb(html.wire),
    kb(css.wire),
    kb(html.wire + css.wire),
    kb(html.decoded + css.decoded),
  ]);
  if (rows.length === 0) return;
  console.log(
    "\nHTML and CSS per page: bytes on the wire (headers + compressed body, empty cache)" +
      " and the uncompressed bodies:",
  );
  console.log(formatTable(rows));
}
