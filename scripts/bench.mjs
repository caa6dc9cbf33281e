/**
 * `npm run bench`: starts a private `wrangler dev` on fresh state, loads 10,000 generated products,
 * then measures catalog reads with autocannon against /healthz as the baseline. Prints a table and
 * writes it to .wrangler/bench-result.json. BENCH_DURATION (s) and BENCH_CONNECTIONS override the
 * load shape. The server's output goes to .wrangler/bench.log.
 */
import { mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { COMMON_SEARCH_WORD, generatedCatalog } from "./demo-catalog.mjs";
import { ensureDevVars } from "./dev-vars.mjs";
import { loadCatalog, waitForServer } from "./load-catalog.mjs";
import { applyMigrations, ROOT, startDevServer, stopDevServer } from "./wrangler.mjs";

const PORT = 8788;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const STATE_DIR = join(ROOT, ".wrangler/bench-state");
const LOG_FILE = join(ROOT, ".wrangler/bench.log");
const RESULT_FILE = join(ROOT, ".wrangler/bench-result.json");
const PRODUCT_COUNT = 10_000;
const STARTUP_TIMEOUT_MS = 120_000;
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);

/**
 * What gets measured, in order. The first scenario is the baseline the others are compared to;
 * `target` is the lowest acceptable req/s as a fraction of the baseline's.
 */
function scenarios(products) {
  return [
    { route: "GET /healthz", path: "/healthz" },
    {
      route: "GET /api/v1/products/:slug (cached)",
      path: `/api/v1/products/${products[PRODUCT_COUNT / 2].slug}`,
      target: 0.7,
    },
    { route: "GET /api/v1/products", path: "/api/v1/products", target: 0.5 },
    {
      route: `GET /api/v1/products?q=${COMMON_SEARCH_WORD}`,
      path: `/api/v1/products?q=${COMMON_SEARCH_WORD}`,
      target: 0.5,
    },
  ];
}

/** A fresh state dir, migrations applied, then `wrangler dev` with its output in the log. */
function startServer() {
  rmSync(STATE_DIR, { recursive: true, force: true });
  mkdirSync(join(ROOT, ".wrangler"), { recursive: true });
  const log = openSync(LOG_FILE, "w");
  applyMigrations({ persistTo: STATE_DIR, stdio: ["ignore", log, log] });
  return startDevServer({ port: PORT, persistTo: STATE_DIR, output: log });
}

async function waitUntilReady({ exited }) {
  await Promise.race([
    waitForServer(BASE_URL, STARTUP_TIMEOUT_MS),
    exited.then(({ code }) => {
      throw new Error(`wrangler dev exited (code ${code}) before it was ready; see ${LOG_FILE}`);
    }),
  ]);
}

async function loadProducts(products) {
  const { ADMIN_TOKEN } = ensureDevVars(ROOT);
  const started = performance.now();
  await loadCatalog(BASE_URL, ADMIN_TOKEN, products);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Loaded ${products.length} products in ${seconds.toFixed(1)} s (${Math.round(products.length / seconds)} products/s).`,
  );
  return seconds;
}

/** One request per scenario, so the measured runs read from a filled KV cache. */
async function warm(list) {
  for (const { path } of list) {
    const res = await fetch(BASE_URL + path);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`Warm-up GET ${path} answered ${res.status}: ${body}`);
  }
}

async function measure(scenario) {
  console.log(`Measuring ${scenario.route} for ${duration} s...`);
  const result = await autocannon({ url: BASE_URL + scenario.path, connections, duration });
  return {
    route: scenario.route,
    path: scenario.path,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    target: scenario.target ?? null,
  };
}

/** Adds each run's ratio to the baseline (the first run) and its verdict against the target. */
function judge(runs) {
  const baseline = runs[0].reqPerSec;
  return runs.map((run) => {
    const ratio = run.reqPerSec / baseline;
    let verdict = "baseline";
    if (run.target !== null) verdict = ratio >= run.target ? "PASS" : "BELOW";
    return { ...run, ratio: Number(ratio.toFixed(2)), verdict };
  });
}

function formatTable(rows) {
  const header = ["route", "req/s", "p50 ms", "p99 ms", "ratio", "target", "result"];
  const cells = rows.map((r) => [
    r.route,
    r.reqPerSec.toFixed(0),
    String(r.p50Ms),
    String(r.p99Ms),
    r.ratio.toFixed(2),
    r.target === null ? "-" : `>= ${r.target.toFixed(2)}`,
    r.verdict,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  // The route column reads best left-aligned, the numbers right-aligned.
  const line = (row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

/** Runs whose numbers cannot be trusted because some responses failed. */
function failedRuns(rows) {
  return rows
    .filter((r) => r.non2xx > 0 || r.errors > 0)
    .map((r) => `${r.route}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
}

async function bench(server) {
  await waitUntilReady(server);
  const products = generatedCatalog(PRODUCT_COUNT);
  const loadSeconds = await loadProducts(products);
  const list = scenarios(products);
  await warm(list);

  const runs = [];
  for (const scenario of list) runs.push(await measure(scenario));
  const rows = judge(runs);

  console.log(`\n${connections} connections, ${duration} s per route, ${PRODUCT_COUNT} products\n`);
  console.log(formatTable(rows));
  const failures = failedRuns(rows);
  for (const failure of failures) console.log(`WARNING ${failure}`);
  writeFileSync(
    RESULT_FILE,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        connections,
        duration,
        products: PRODUCT_COUNT,
        loadSeconds,
        rows,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nWritten to ${RESULT_FILE}`);
  if (failures.length > 0) process.exitCode = 1;
}

async function main() {
  console.log(`Starting wrangler dev on ${BASE_URL} (log: ${LOG_FILE})`);
  const server = startServer();
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, async () => {
      await stopDevServer(server, signal);
      process.exit(128 + constants.signals[signal]);
    });
  }
  try {
    await bench(server);
  } finally {
    await stopDevServer(server);
  }
}

main().catch((err) => {
  console.error(`Bench failed: ${err.message}`);
  process.exit(1);
});
