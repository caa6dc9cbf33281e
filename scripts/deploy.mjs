/**
 * `npm run deploy -- --env staging` (or `--env production`): deploys that environment's two
 * Workers, the back office's (made from wrangler.toml by back-office-config.mjs) and then the
 * shop's, which forwards /admin and /api/v1/admin to it. Without `--env` it refuses: the top level
 * of wrangler.toml is the local configuration (test payments, local emails), never one to ship.
 *
 * `--first`, for an environment's first deploy: each Worker binds the other (the shop the back
 * office's Worker, the back office the shop's Durable Objects), and Cloudflare refuses a binding
 * to a Worker that does not exist yet. So a placeholder back office (503 to everything) goes
 * first, then the shop (whose deploy creates the database and the cache and writes their ids
 * into wrangler.toml), then the back office with those ids.
 *
 * The back office binds the shop's database and cache by id, so wrangler.toml's environment must
 * have them (`database_id`, `id`); it refuses otherwise, rather than let wrangler create the back
 * office a second, empty pair. Other arguments go to both `wrangler deploy`s as they are.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { backOfficeConfig, shopConfig, writeBackOfficeConfig } from "./back-office-config.mjs";
import { ROOT } from "./wrangler.mjs";

const ENVIRONMENTS = ["staging", "production"];
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === "--env" || a.startsWith("--env="));
const target = at < 0 ? undefined : args[at].includes("=") ? args[at].split("=")[1] : args[at + 1];
const first = args.includes("--first");
const rest = args.filter((a, i) => a !== "--first" && i !== at && !(i === at + 1 && a === target));

if (!ENVIRONMENTS.includes(target)) {
  console.error(
    `npm run deploy needs an environment: npm run deploy -- --env ${ENVIRONMENTS.join("|")}` +
      (target ? ` (not "${target}")` : ""),
  );
  process.exit(2);
}

function wrangler(...command) {
  console.log(`> wrangler ${command.join(" ")}`);
  const result = spawnSync("npx", ["wrangler", ...command], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The shop's database and cache ids, which the back office must bind too. */
function assertSharedIds() {
  const shop = shopConfig(target);
  const missing = [
    ...shop.d1_databases.filter((d) => !d.database_id).map((d) => `${d.binding} (database_id)`),
    ...shop.kv_namespaces.filter((k) => !k.id).map((k) => `${k.binding} (id)`),
  ];
  if (missing.length === 0) return;
  console.error(
    `wrangler.toml [env.${target}] has no id for ${missing.join(", ")}. The back office must bind ` +
      "the shop's own database and cache: deploy with --first the first time (the shop's deploy " +
      "writes the ids it created into wrangler.toml: commit them), or copy them from " +
      "`npx wrangler d1 list` and `npx wrangler kv namespace list`.",
  );
  process.exit(2);
}

/** A back office that answers 503 until the real one replaces it (`--first`). */
function deployPlaceholder() {
  const { name, compatibility_date } = backOfficeConfig(target);
  const path = join(ROOT, `back-office.${target}.placeholder.wrangler.jsonc`);
  const config = {
    name,
    main: "workers/back-office-placeholder.ts",
    compatibility_date,
    workers_dev: false,
    preview_urls: false,
  };
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  wrangler("deploy", "--config", path, ...rest);
}

if (first) {
  deployPlaceholder();
  wrangler("deploy", "--env", target, ...rest);
}
assertSharedIds();
wrangler("deploy", "--config", writeBackOfficeConfig({ env: target }), ...rest);
if (!first) wrangler("deploy", "--env", target, ...rest);
