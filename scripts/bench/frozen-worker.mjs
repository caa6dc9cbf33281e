/**
 * A `wrangler dev` that cannot restart mid-run. Plain `wrangler dev` bundles workers/index.ts and
 * watches every source file, so anyone saving a file in the repo restarts the Worker under load
 * ("Your worker restarted mid-request"). Here the Worker is built once into a bundle under
 * .wrangler/bench-build, with a generated config beside it that serves that bundle as is
 * (`no_bundle`): wrangler then watches only that directory, which nobody edits.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { experimental_readRawConfig } from "wrangler";
import { applyMigrations, ROOT, startDevServer, WRANGLER_ENV } from "../wrangler.mjs";

const BUILD_DIR = join(ROOT, ".wrangler/bench-build");
const CONFIG_FILE = join(BUILD_DIR, "wrangler.json");
/** What `wrangler deploy --outdir` names the bundle of workers/index.ts. */
const BUNDLE_NAME = "index.js";

function runWrangler(args, stdio) {
  const result = spawnSync("npx", ["wrangler", ...args], { cwd: ROOT, env: WRANGLER_ENV, stdio });
  if (result.status !== 0) {
    throw new Error(
      `npx wrangler ${args.join(" ")} failed (${result.error ?? `exit ${result.status}`})`,
    );
  }
}

/**
 * wrangler.toml with `main` pointing at the bundle. Every binding, var, queue and Durable Object
 * migration is copied as written; the only other relative path, the D1 migrations folder, is
 * rewritten because wrangler resolves it from the config file's own directory.
 */
function frozenConfig() {
  const { rawConfig } = experimental_readRawConfig({ config: join(ROOT, "wrangler.toml") });
  const fromBuildDir = (path) => relative(BUILD_DIR, join(ROOT, path));
  return {
    ...rawConfig,
    main: BUNDLE_NAME,
    no_bundle: true,
    d1_databases: rawConfig.d1_databases?.map((db) =>
      db.migrations_dir ? { ...db, migrations_dir: fromBuildDir(db.migrations_dir) } : db,
    ),
  };
}

/**
 * Bundles the Worker as it is now and writes the config that serves that bundle. wrangler reads
 * the secrets from the .dev.vars beside the config, so a link there leads it to the repo's own:
 * the same secrets, read the same way as by plain `wrangler dev` (unlike `--env-file`, which
 * would also let same-named variables of this process's environment override them).
 */
export function buildFrozenWorker({ stdio }) {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(BUILD_DIR, { recursive: true });
  runWrangler(["deploy", "--dry-run", "--outdir", BUILD_DIR], stdio);
  writeFileSync(CONFIG_FILE, `${JSON.stringify(frozenConfig(), null, 2)}\n`);
  symlinkSync(join(ROOT, ".dev.vars"), join(BUILD_DIR, ".dev.vars"));
}

/** Applies the D1 migrations (from the repo's migrations/ folder) to the state in `persistTo`. */
export function applyFrozenMigrations({ persistTo, stdio }) {
  applyMigrations({ persistTo, config: CONFIG_FILE, stdio });
}

/** `wrangler dev` on the frozen bundle; stop it with stopDevServer from scripts/wrangler.mjs. */
export function startFrozenDevServer({ port, persistTo, output }) {
  return startDevServer({ port, persistTo, config: CONFIG_FILE, output });
}
