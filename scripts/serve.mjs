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
import { basename, extname, join, resolve } from "node:path";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from "wrangler";
import { writeBackOfficeConfig } from "./back-office-config.mjs";
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

/**
 * The exact bundle a deploy uploads of the Worker `config` describes (wrangler runs the
 * static-asset build first), in `outdir`.
 */
function buildBundle(config, outdir, entry) {
  rmSync(outdir, { recursive: true, force: true });
  const args = ["wrangler", "deploy", "--dry-run", "--config", config, "--outdir", outdir];
  const result = spawnSync("npx", args, { cwd: ROOT, env: WRANGLER_ENV, stdio: "ignore" });
  if (result.status !== 0) throw new Error(`npx ${args.join(" ")} failed`);
  // The entry module first, plus the SQL of the Durable Objects' migrations as text modules.
  return readdirSync(outdir)
    .filter((file) => file.endsWith(".js") || file.endsWith(".sql"))
    .map((file) => ({ type: file.endsWith(".js") ? "ESModule" : "Text", path: join(outdir, file) }))
    .sort((a, b) => (a.path.endsWith(entry) ? -1 : b.path.endsWith(entry) ? 1 : 0));
}

/** One Worker's Miniflare options: wrangler's for its configuration, run from its bundle. */
function workerFrom(config, outdir) {
  const { name, main } = unstable_readConfig({ config }, { hideWarnings: true });
  const modules = buildBundle(config, outdir, `${basename(main, extname(main))}.js`);
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config);
  return {
    ...workerOptions,
    name,
    bindings: { ...workerOptions.bindings, ...varsFromEnv },
    modules,
    modulesRoot: outdir,
    modulesRules: undefined,
  };
}

const varsFromEnv = Object.fromEntries(
  VARS_FROM_ENV.filter((name) => process.env[name]).map((name) => [name, process.env[name]]),
);

async function main() {
  const { ADMIN_TOKEN } = ensureDevVars(ROOT);
  applyMigrations({ persistTo, stdio: ["ignore", "ignore", "inherit"] });
  const shop = workerFrom(join(ROOT, "wrangler.toml"), BUNDLE_DIR);
  const backOffice = workerFrom(writeBackOfficeConfig(), join(BUNDLE_DIR, "back-office"));
  const mf = await startMiniflare(port, {
    // The same folders wrangler dev uses, so `npm start` and `npm run serve` share one store.
    resourcePersistencePath: join(persistTo, "v3"),
    // /cdn-cgi/local/scheduled fires the cron trigger (below), as wrangler dev's /__scheduled.
    unsafeTriggerHandlers: true,
    // The first Worker answers the port; the back office's is reached through it.
    workers: [shop, backOffice],
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

  console.log(`The built Workers are serving on ${baseUrl} (state in ${persistTo}).`);
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
