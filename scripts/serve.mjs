/**
 * `npm run serve`: the production-like local server. The bundle `wrangler deploy` ships (built
 * with `wrangler deploy --dry-run`) runs under Miniflare's API with every binding `npm start` has
 * (D1, KV, Durable Objects, the queues and their consumers, the rate limiter, static assets) and
 * the same persisted state, but without wrangler dev's proxy, its per-request console log or live
 * reload; the cron trigger fires every minute. For benchmarks, demos on one box, and accepting
 * what ships. `npm start` stays the developer's live-reload server.
 *
 * PORT (default 8787) and PERSIST_DIR (default .wrangler/state) as for `npm start`; the demo
 * catalog is loaded into an empty store unless SEED_DEMO=0; SERVE_BUNDLE_DIR (default dist/serve)
 * is where the bundle is built, for a second server beside a running one.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { ensureDevVars } from "./dev-vars.mjs";
import { seedDemoIfEmpty } from "./load-catalog.mjs";
import { startMiniflare } from "./miniflare.mjs";
import { applyMigrations, ROOT, WRANGLER_ENV } from "./wrangler.mjs";

const port = Number(process.env.PORT ?? 8787);
const persistTo = resolve(ROOT, process.env.PERSIST_DIR || ".wrangler/state");
const baseUrl = `http://127.0.0.1:${port}`;
const BUNDLE_DIR = resolve(ROOT, process.env.SERVE_BUNDLE_DIR || "dist/serve");
/**
 * The payment and fulfillment settings a demo box may take from the environment rather than
 * .dev.vars, e.g.
 * `PAYMENT_PROVIDER=stripe STRIPE_SECRET_KEY=sk_test_… STRIPE_PUBLISHABLE_KEY=pk_test_… npm run serve`
 * or `FULFILLMENT_PROVIDER=manual npm run serve`.
 */
const VARS_FROM_ENV = [
  "FULFILLMENT_PROVIDER",
  "FULFILLMENT_WEBHOOK_URL",
  "FULFILLMENT_WEBHOOK_SECRET",
  "RETURN_WINDOW_DAYS",
  "PAYMENT_PROVIDER",
  "STRIPE_SECRET_KEY",
  "STRIPE_PUBLISHABLE_KEY",
  "STRIPE_WEBHOOK_SECRET",
  "STRIPE_API_BASE",
  "STRIPE_JS_URL",
];
const CRON_PERIOD_MS = 60_000;

/** The exact bundle a deploy uploads (wrangler runs the static-asset build first). */
function buildBundle() {
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  const args = ["wrangler", "deploy", "--dry-run", "--outdir", BUNDLE_DIR];
  const result = spawnSync("npx", args, { cwd: ROOT, env: WRANGLER_ENV, stdio: "ignore" });
  if (result.status !== 0) throw new Error(`npx ${args.join(" ")} failed`);
  // The entry module, plus the SQL of the Durable Objects' migrations as text modules.
  return readdirSync(BUNDLE_DIR)
    .filter((file) => file.endsWith(".js") || file.endsWith(".sql"))
    .map((file) => ({
      type: file.endsWith(".js") ? "ESModule" : "Text",
      path: join(BUNDLE_DIR, file),
    }))
    .sort((a, b) => (a.path.endsWith("index.js") ? -1 : b.path.endsWith("index.js") ? 1 : 0));
}

async function main() {
  const { ADMIN_TOKEN } = ensureDevVars(ROOT);
  applyMigrations({ persistTo, stdio: ["ignore", "ignore", "inherit"] });
  const modules = buildBundle();
  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(ROOT, "wrangler.toml"));
  const mf = await startMiniflare(port, {
    // The same folders wrangler dev uses, so `npm start` and `npm run serve` share one store.
    resourcePersistencePath: join(persistTo, "v3"),
    // /cdn-cgi/local/scheduled fires the cron trigger (below), as wrangler dev's /__scheduled.
    unsafeTriggerHandlers: true,
    workers: [
      {
        ...workerOptions,
        bindings: {
          ...workerOptions.bindings,
          ...Object.fromEntries(
            VARS_FROM_ENV.filter((name) => process.env[name]).map((name) => [
              name,
              process.env[name],
            ]),
          ),
        },
        name: "edge-storefront",
        modules,
        modulesRoot: BUNDLE_DIR,
        modulesRules: undefined,
      },
    ],
  });
  if (process.env.SEED_DEMO !== "0") await seedDemoIfEmpty(baseUrl, ADMIN_TOKEN);

  // Miniflare does not fire cron triggers: the reconciliation sweep runs every minute here,
  // through Miniflare's trigger route over plain HTTP. Not through `mf.getWorker()`: its proxy
  // blocks this thread (Atomics.wait) on a call into workerd, and this thread is also the one
  // reading workerd's log pipe; under load workerd blocked writing logs while this thread
  // waited for workerd, and the server hung for good.
  const timer = setInterval(() => {
    fetch(`${baseUrl}/cdn-cgi/local/scheduled?cron=${encodeURIComponent("* * * * *")}`)
      .then((res) => (res.ok ? undefined : console.error(`cron: ${res.status}`)))
      .catch((err) => console.error(`cron: ${err.message}`));
  }, CRON_PERIOD_MS);

  console.log(`The built Worker is serving on ${baseUrl} (state in ${persistTo}).`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, async () => {
      clearInterval(timer);
      await mf.dispose();
      process.exit(0);
    });
  }
}

main().catch((err) => {
  console.error(`npm run serve failed: ${err.stack ?? err}`);
  process.exit(1);
});
