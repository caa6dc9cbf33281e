/**
 * `npm run secret -- NAME --env staging`: puts one secret, read from stdin, on both of the
 * environment's Workers (the shop's and the back office's read the same secrets), e.g.
 * `openssl rand -hex 32 | npm run secret -- JWT_SECRET --env staging`.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { writeBackOfficeConfig } from "./back-office-config.mjs";
import { ROOT } from "./wrangler.mjs";

const [name, flag, env] = process.argv.slice(2);
if (!name || flag !== "--env" || !["staging", "production"].includes(env)) {
  console.error("usage: npm run secret -- NAME --env staging|production   (the value on stdin)");
  process.exit(2);
}
const value = readFileSync(0, "utf8").replace(/\r?\n$/, "");
if (!value) {
  console.error(`No value for ${name} on stdin.`);
  process.exit(2);
}
for (const config of [
  ["--env", env],
  ["--config", writeBackOfficeConfig({ env })],
]) {
  const args = ["wrangler", "secret", "put", name, ...config];
  const result = spawnSync("npx", args, {
    cwd: ROOT,
    input: value,
    stdio: ["pipe", "inherit", "inherit"],
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
