/**
 * The back office's Worker configuration, made from wrangler.toml so the two Workers cannot
 * disagree: the same vars, secrets, database, cache, pictures, queue and rate limiter, the shop
 * Worker's Durable Objects by name (`script_name`), and none of what only the shop has (static
 * assets, the queue's consumers, the cron trigger, the objects' classes and their migrations).
 * Its name is the shop's BACK_OFFICE service binding's, and it has no public URL: the shop's
 * Worker forwards /admin and /api/v1/admin to it (workers/back-office-proxy.ts).
 *
 *   writeBackOfficeConfig()                       back-office.wrangler.jsonc (wrangler dev, serve)
 *   writeBackOfficeConfig({ env: "staging" })     back-office.staging.wrangler.jsonc (a deploy)
 *   writeBackOfficeConfig({ vars, tag: "8990" })  a server of its own whose vars differ (the tests')
 *
 * Written beside wrangler.toml (its relative paths and .dev.vars hold for both) and ignored by git.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { unstable_readConfig } from "wrangler";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

export const BACK_OFFICE_BINDING = "BACK_OFFICE";
/** The shop's `[alias]` entry that puts the proxy in the back office's place. */
const PROXY_ALIAS = "./back-office";

/** The shop's configuration (wrangler.toml) for `env` (the top level without one). */
export const shopConfig = (env) =>
  unstable_readConfig({ config: join(ROOT, "wrangler.toml"), env }, { hideWarnings: true });

/** The back office's configuration for `env`, as an object in wrangler's JSON form. */
export function backOfficeConfig(env, vars = {}) {
  const shop = shopConfig(env);
  const binding = shop.services.find((s) => s.binding === BACK_OFFICE_BINDING);
  if (!binding) throw new Error(`wrangler.toml has no ${BACK_OFFICE_BINDING} service binding`);
  const { [PROXY_ALIAS]: _proxy, ...alias } = shop.alias ?? {};
  return {
    $schema: "node_modules/wrangler/config-schema.json",
    name: binding.service,
    main: "workers/back-office-worker.ts",
    compatibility_date: shop.compatibility_date,
    compatibility_flags: shop.compatibility_flags,
    workers_dev: false,
    preview_urls: false,
    minify: shop.minify,
    keep_names: shop.keep_names,
    upload_source_maps: shop.upload_source_maps,
    observability: shop.observability,
    alias,
    rules: shop.rules,
    secrets: shop.secrets,
    vars: { ...shop.vars, ...vars },
    d1_databases: shop.d1_databases,
    kv_namespaces: shop.kv_namespaces,
    r2_buckets: shop.r2_buckets,
    send_email: shop.send_email,
    ratelimits: shop.ratelimits,
    queues: { producers: shop.queues.producers },
    durable_objects: {
      bindings: shop.durable_objects.bindings.map((b) => ({ ...b, script_name: shop.name })),
    },
  };
}

/** Writes the back office's configuration for `env` with `vars` on top and answers its path. */
export function writeBackOfficeConfig({ env, vars, tag = env } = {}) {
  const path = join(ROOT, tag ? `back-office.${tag}.wrangler.jsonc` : "back-office.wrangler.jsonc");
  const header = `// Made by scripts/back-office-config.mjs from wrangler.toml${env ? ` [env.${env}]` : ""}: edit that, not this.\n`;
  writeFileSync(path, `${header}${JSON.stringify(backOfficeConfig(env, vars), null, 2)}\n`);
  return path;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(writeBackOfficeConfig({ env: process.argv[2] }));
}
