/**
 * `npm run deploy -- --env staging` (or `--env production`): deploys that environment's Worker.
 * Without `--env` it refuses: the top level of wrangler.toml is the local configuration (test
 * payments, local emails), never one to ship. Other arguments go to `wrangler deploy` as they are.
 */
import { spawnSync } from "node:child_process";
import { ROOT } from "./wrangler.mjs";

const ENVIRONMENTS = ["staging", "production"];
const args = process.argv.slice(2);
const at = args.findIndex((a) => a === "--env" || a.startsWith("--env="));
const target = at < 0 ? undefined : args[at].includes("=") ? args[at].split("=")[1] : args[at + 1];

if (!ENVIRONMENTS.includes(target)) {
  console.error(
    `npm run deploy needs an environment: npm run deploy -- --env ${ENVIRONMENTS.join("|")}` +
      (target ? ` (not "${target}")` : ""),
  );
  process.exit(2);
}
const result = spawnSync("npx", ["wrangler", "deploy", ...args], { cwd: ROOT, stdio: "inherit" });
process.exit(result.status ?? 1);
