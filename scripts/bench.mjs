/**
 * `npm run bench`: profiles the Worker's startup and size (`wrangler check startup`), serves the
 * built Worker with `npm run serve` (the deploy bundle under Miniflare's API: no dev proxy, and
 * edits to the sources during the run cannot restart it) on fresh state with the demo catalog,
 * and measures against /healthz as the baseline and against the runtime's floor (a bare Hono
 * worker under the same Miniflare, on PORT + 1): catalog reads on the demo catalog, then again
 * once 10,000 generated products are loaded, and add-to-cart (to empty and to nearly full carts)
 * with autocannon, the cost of one password hash, login and reset timed for known and unknown
 * emails, checkouts at a steady concurrency, and a flash
 * sale of 100 units to 1,000 buyers at once, with the sku's stock in one object and split over
 * four. Every targeted row runs in alternating rounds: its timed part three times, each right
 * after a /healthz of its own; its ratio is the median of the rounds' ratios.
 * Prints one table and writes it to .wrangler/bench-result.json. BENCH_DURATION (s per round),
 * BENCH_ROUNDS and BENCH_CONNECTIONS override the load shape; BENCH_SERVER=dev measures `npm start`'s
 * `wrangler dev` instead, to show what its proxy costs; BENCH_STATE=disk keeps the state on disk
 * (.wrangler/bench-state) rather than in memory. The server's output goes to .wrangler/bench.log.
 */
import { existsSync, mkdirSync, openSync, rmSync, writeFileSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import autocannon from "autocannon";
import { measureAccountTiming } from "./bench/account-timing.mjs";
import { measureAddToCart } from "./bench/add-to-cart.mjs";
import { measureCheckout } from "./bench/checkout.mjs";
import { runFlashSale } from "./bench/flash-sale.mjs";
import { startFloor } from "./bench/floor.mjs";
import { measurePasswordCost } from "./bench/password-cost.mjs";
import { autocannonRow, formatTable, judge, medianRow, problemLines } from "./bench/report.mjs";
import { setOnHand } from "./bench/shop.mjs";
import { measureStartup } from "./bench/startup.mjs";
import { COMMON_SEARCH_WORD, generatedCatalog } from "./demo-catalog.mjs";
import { ensureDevVars } from "./dev-vars.mjs";
import { loadCatalog, loadDemo, waitForServer } from "./load-catalog.mjs";
import {
  applyMigrations,
  ROOT,
  startBuiltServer,
  startDevServer,
  stopDevServer,
} from "./wrangler.mjs";

const PORT = Number(process.env.PORT ?? 8788);
const BASE_URL = `http://127.0.0.1:${PORT}`;
/**
 * The bench's throwaway state lives in memory (tmpfs) where the machine has one, unless
 * BENCH_STATE=disk. Locally, workerd's SQLite syncs every commit to disk on the one thread that
 * runs the Worker and every object, so on disk each object's write stalls all the others while
 * the disk flushes: a cost of this machine's disk, not of the app, and not what Cloudflare does
 * (an object's durable write never blocks another object there).
 */
const MEMORY_DIR = "/dev/shm";
const STATE_IN_MEMORY = process.env.BENCH_STATE !== "disk" && existsSync(MEMORY_DIR);
const STATE_DIR = STATE_IN_MEMORY
  ? join(MEMORY_DIR, `edge-storefront-bench-${process.pid}`)
  : join(ROOT, ".wrangler/bench-state");
const LOG_FILE = join(ROOT, ".wrangler/bench.log");
const RESULT_FILE = join(ROOT, ".wrangler/bench-result.json");
const STARTUP_PROFILE = join(ROOT, ".wrangler/startup.cpuprofile");
const SERVER = process.env.BENCH_SERVER === "dev" ? "dev" : "serve";
const PRODUCT_COUNT = 10_000;
const STARTUP_TIMEOUT_MS = 120_000;
const duration = Number(process.env.BENCH_DURATION ?? 5);
/** Each targeted scenario's timed part runs this many times, each beside a /healthz of its own. */
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 20);
/** Skus given stock enough for every cart and checkout scenario, so none runs out mid-run. */
const STOCKED_SKUS = 50;
/** Lines each cart starts with in the second add-to-cart run: adds to carts of 45 to 50 lines. */
const FULL_CART_LINES = 45;
const STOCK_ON_HAND = 1_000_000;
/** Checkouts measured, over all the rounds: a few seconds of them per round. */
const CHECKOUT_SHOPPERS = 1_000;
const FLASH_SALE = { buyers: 1_000, units: 100 };
const FLASH_SALE_SHARDS = [1, 4];
/** The flash sale again, half its buyers with a code of this many uses. */
const FLASH_SALE_CODE_USES = 50;
const PASSWORD_SAMPLES = 20;
/** A paid checkout confirms its fulfillment 30 s after payment (src/checkout/steps.ts), plus margin. */
const FULFILLMENT_CONFIRM_WAIT_MS = 35_000;

const HEALTHZ = { route: "GET /healthz", path: "/healthz" };

/** The demo catalog's product and search word that its read scenarios ask for. */
const DEMO_PRODUCT = "merino-wool-crew-sweater";
const DEMO_SEARCH_WORD = "wool";

/**
 * The catalog reads, in order: on the demo catalog alone, then once the 10,000 generated
 * products are in too. `target` is the lowest acceptable req/s as a fraction of `/healthz`'s.
 */
function readScenarios(catalog, slug, word) {
  return [
    {
      route: `GET /api/v1/products/:slug, ${catalog}`,
      path: `/api/v1/products/${slug}`,
      target: 0.5,
    },
    { route: `GET /api/v1/products, ${catalog}`, path: "/api/v1/products", target: 0.5 },
    {
      route: `GET /api/v1/products?q=${word}, ${catalog}`,
      path: `/api/v1/products?q=${word}`,
      target: 0.5,
    },
  ];
}

/** Each read in alternating rounds, after one request each to fill the cache. */
async function measureReads(list) {
  await warm(list);
  const rows = [];
  for (const scenario of list) rows.push(await inRounds(scenario));
  return rows;
}

/**
 * `npm run serve` (it builds the bundle and applies the migrations), or with BENCH_SERVER=dev
 * `wrangler dev` as `npm start` runs it, on a fresh state dir.
 */
function startServer() {
  rmSync(STATE_DIR, { recursive: true, force: true });
  mkdirSync(join(ROOT, ".wrangler"), { recursive: true });
  const log = openSync(LOG_FILE, "w");
  if (SERVER === "dev") {
    applyMigrations({ persistTo: STATE_DIR, stdio: ["ignore", log, log] });
    return startDevServer({ port: PORT, persistTo: STATE_DIR, output: log });
  }
  return startBuiltServer({ port: PORT, persistTo: STATE_DIR, output: log, seedDemo: false });
}

async function waitUntilReady({ exited }) {
  await Promise.race([
    waitForServer(BASE_URL, STARTUP_TIMEOUT_MS),
    exited.then(({ code }) => {
      throw new Error(`npm run serve exited (code ${code}) before it was ready; see ${LOG_FILE}`);
    }),
  ]);
}

async function loadProducts(adminToken, products) {
  const started = performance.now();
  await loadCatalog(BASE_URL, adminToken, products);
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

async function measure(scenario, baseUrl = BASE_URL) {
  console.log(`Measuring ${scenario.route} for ${duration} s...`);
  const result = await autocannon({ url: baseUrl + scenario.path, connections, duration });
  return {
    ...autocannonRow(scenario.route, scenario.path, result),
    target: scenario.target ?? null,
  };
}

/**
 * Alternating rounds: `run` calls the function it is given just before each of its timed parts,
 * once that round's set-up is done, and each call measures `/healthz`. The medians of those
 * become the row's baseline: this machine's speed drifts by half or more from one minute to the
 * next, so a ratio is only fair against a baseline measured beside it, and the median of a few
 * rounds is not thrown by one slow moment.
 */
async function alternating(run) {
  const baselines = [];
  const row = await run(async () => {
    baselines.push(await measure(HEALTHZ));
  });
  if (baselines.length === 0) throw new Error(`${row.route}: no /healthz was measured beside it`);
  const { reqPerSec, p50Ms, p99Ms, rounds: healthzRounds } = medianRow(baselines);
  return { ...row, baseline: { reqPerSec, p50Ms, p99Ms, rounds: healthzRounds } };
}

/** An autocannon scenario in `rounds` rounds, each after its `/healthz`. */
function inRounds(scenario) {
  return alternating(async (beforeRound) => {
    const measured = [];
    for (let round = 0; round < rounds; round++) {
      await beforeRound();
      measured.push(await measure(scenario));
    }
    return medianRow(measured);
  });
}

/** Skus spread over the catalog, each with stock no scenario can use up. */
async function stockUp(adminToken, products) {
  const step = Math.floor(products.length / STOCKED_SKUS);
  const skus = Array.from({ length: STOCKED_SKUS }, (_, i) => products[i * step].variants[0].sku);
  await Promise.all(skus.map((sku) => setOnHand(BASE_URL, adminToken, sku, STOCK_ON_HAND)));
  return skus;
}

/**
 * The write scenarios, after the catalog reads. The password cost goes first, while the server
 * has nothing else to do: its figure is a difference of two small latencies.
 */
async function measureWrites(adminToken, products) {
  const skus = await stockUp(adminToken, products);
  const baseUrl = BASE_URL;
  const rows = [
    await measurePasswordCost({ baseUrl, samples: PASSWORD_SAMPLES }),
    await measureAccountTiming({ baseUrl, samples: PASSWORD_SAMPLES }),
  ];
  // Adding to a cart, empty or nearly full: a fourth of /healthz or better, p99 at most twice its.
  for (const prefilled of [0, FULL_CART_LINES]) {
    const add = await alternating((beforeRound) =>
      measureAddToCart({ baseUrl, skus, connections, duration, prefilled, rounds, beforeRound }),
    );
    rows.push({
      ...add,
      target: 0.25,
      criteria: (baseline) => [
        {
          text: `p99 <= ${Math.round(2 * baseline.p99Ms)} ms`,
          ok: add.p99Ms <= 2 * baseline.p99Ms,
        },
      ],
    });
  }
  // Each paid checkout wakes its cart 30 s later to confirm its fulfillment, and those wake-ups
  // land in whatever is measured next: the flash sales go before the checkouts, and the checkouts
  // start once the flash sales' orders are confirmed.
  for (const shards of FLASH_SALE_SHARDS) {
    rows.push(
      await alternating((beforeMeasure) =>
        runFlashSale({ baseUrl, adminToken, ...FLASH_SALE, shards, beforeMeasure }),
      ),
    );
  }
  rows.push(
    await alternating((beforeMeasure) =>
      runFlashSale({
        baseUrl,
        adminToken,
        ...FLASH_SALE,
        codeUses: FLASH_SALE_CODE_USES,
        beforeMeasure,
      }),
    ),
  );
  console.log(
    `Waiting ${FULFILLMENT_CONFIRM_WAIT_MS / 1000} s for the flash sales' orders to confirm...`,
  );
  await sleep(FULFILLMENT_CONFIRM_WAIT_MS);
  const checkout = await alternating((beforeRound) =>
    measureCheckout({
      baseUrl,
      adminToken,
      skus,
      shoppers: CHECKOUT_SHOPPERS,
      concurrency: connections,
      rounds,
      beforeRound,
    }),
  );
  // A tenth of /healthz in checkouts/s or better, with a p99 at most three times its p50.
  rows.push({
    ...checkout,
    target: 0.1,
    criteria: () => [
      {
        text: `p99 <= ${Math.round(3 * checkout.p50Ms)} ms`,
        ok: checkout.p99Ms <= 3 * checkout.p50Ms,
      },
    ],
  });
  return rows;
}

function writeResult(rows, loadSeconds, started, startup) {
  const result = {
    date: new Date().toISOString(),
    server: SERVER,
    state: STATE_IN_MEMORY ? "memory" : "disk",
    startup,
    connections,
    duration,
    rounds,
    products: PRODUCT_COUNT,
    loadSeconds,
    benchSeconds: (performance.now() - started) / 1000,
    rows,
  };
  writeFileSync(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`);
}

async function bench(server, adminToken, started, startup) {
  await waitUntilReady(server);
  await loadDemo(BASE_URL, adminToken);

  // The floor first, while nothing else runs: a bare Hono worker under the same Miniflare.
  const floor = await startFloor(PORT + 1);
  let floorRow;
  try {
    floorRow = await measure({ route: "bare Hono worker GET / (floor)", path: "" }, floor.url);
  } finally {
    await floor.stop();
  }
  const runs = [await measure(HEALTHZ)];
  runs.push(...(await measureReads(readScenarios("demo catalog", DEMO_PRODUCT, DEMO_SEARCH_WORD))));
  const products = generatedCatalog(PRODUCT_COUNT);
  const loadSeconds = await loadProducts(adminToken, products);
  const slug = products[PRODUCT_COUNT / 2].slug;
  runs.push(...(await measureReads(readScenarios("+10,000 products", slug, COMMON_SEARCH_WORD))));
  runs.push(...(await measureWrites(adminToken, products)));
  const rows = [
    { ...floorRow, verdict: "floor", ratio: null, floorRatio: 1 },
    ...judge(runs, floorRow.reqPerSec),
  ];

  console.log(
    `\n${SERVER === "dev" ? "wrangler dev" : "npm run serve"}, state ${STATE_IN_MEMORY ? "in memory" : "on disk"}, ${connections} connections, ${rounds} alternating rounds of ${duration} s per autocannon route (medians), the demo catalog and ${PRODUCT_COUNT} products\n`,
  );
  console.log(formatTable(rows));
  const bundleOk = startup.gzipKiB < 200;
  console.log(
    `\nWorker bundle ${startup.bundleKiB} KiB, ${startup.gzipKiB} KiB gzipped (target < 200: ${bundleOk ? "PASS" : "ABOVE"}); startup ${startup.activeMs} ms of CPU (wrangler check startup, profile in ${startup.profile})`,
  );
  const failed = rows.filter((r) => r.verdict === "BELOW").map((r) => r.route);
  console.log(failed.length === 0 ? "Every target met." : `Below target: ${failed.join("; ")}`);
  const problems = problemLines(rows);
  for (const problem of problems) console.log(`WARNING ${problem}`);
  writeResult(rows, loadSeconds, started, startup);
  console.log(`\nWritten to ${RESULT_FILE}`);
  if (problems.length > 0) process.exitCode = 1;
}

async function main() {
  const started = performance.now();
  // Before the server starts: it reads the secrets once, at start.
  const { ADMIN_TOKEN: adminToken } = ensureDevVars(ROOT);
  const startup = measureStartup(ROOT, STARTUP_PROFILE);
  const how = SERVER === "dev" ? "wrangler dev (npm start)" : "npm run serve";
  console.log(
    `Building the Worker and serving it (${how}) on ${BASE_URL}, state in ${STATE_DIR} (log: ${LOG_FILE})`,
  );
  const server = startServer();
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, async () => {
      await stopDevServer(server, signal);
      if (STATE_IN_MEMORY) rmSync(STATE_DIR, { recursive: true, force: true });
      process.exit(128 + constants.signals[signal]);
    });
  }
  try {
    await bench(server, adminToken, started, startup);
  } finally {
    await stopDevServer(server);
    if (STATE_IN_MEMORY) rmSync(STATE_DIR, { recursive: true, force: true });
  }
  console.log(`Bench took ${((performance.now() - started) / 1000).toFixed(0)} s end to end.`);
}

main().catch((err) => {
  console.error(`Bench failed: ${err.message}`);
  process.exit(1);
});
