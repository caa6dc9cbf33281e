/**
 * `npm run fuzz -- --requests 100000`: sends that many bad requests, drawn for every operation of
 * the OpenAPI document (scripts/fuzz/requests.mjs, the same as the test's), to a running server
 * and prints how many were sent and how many answered 5xx (each 5xx is printed too).
 *
 * BASE_URL points at a running server; without it the script starts its own `wrangler dev` on
 * PORT (default 8798) with fresh state, and stops it at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureDevVars } from "./dev-vars.mjs";
import { anyRequest, fc } from "./fuzz/requests.mjs";
import { waitForServer } from "./load-catalog.mjs";
import { applyMigrations, ROOT, startDevServer, stopDevServer } from "./wrangler.mjs";

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "10000" },
    concurrency: { type: "string", default: "16" },
    seed: { type: "string", default: String(Date.now() % 1_000_000) },
  },
});
const total = Number(args.requests);
const CHUNK = 1_000;

async function server() {
  if (process.env.BASE_URL) return { baseUrl: process.env.BASE_URL, stop: async () => {} };
  const port = Number(process.env.PORT ?? 8798);
  const stateDir = mkdtempSync(join(tmpdir(), "storefront-fuzz-"));
  applyMigrations({ persistTo: stateDir, stdio: "ignore" });
  const dev = startDevServer({ port, persistTo: stateDir, output: "ignore" });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForServer(baseUrl, 120_000);
  return {
    baseUrl,
    stop: async () => {
      await stopDevServer(dev);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const { ADMIN_TOKEN } = ensureDevVars(ROOT);
  const { baseUrl, stop } = await server();
  try {
    const doc = await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json();
    const guest = await (await fetch(`${baseUrl}/api/v1/auth/guest`, { method: "POST" })).json();
    const arbitrary = anyRequest(doc, { adminToken: ADMIN_TOKEN, shopperToken: guest.token });
    const statuses = new Map();
    let sent = 0;
    let serverErrors = 0;
    const started = Date.now();
    for (let chunk = 0; sent < total; chunk++) {
      const batch = fc.sample(arbitrary, {
        seed: Number(args.seed) + chunk,
        numRuns: Math.min(CHUNK, total - sent),
      });
      let next = 0;
      const worker = async () => {
        while (next < batch.length) {
          const req = batch[next++];
          let status;
          try {
            const res = await fetch(`${baseUrl}${req.url}`, {
              method: req.method,
              headers: req.headers,
              body: req.body,
            });
            status = res.status;
            const text = await res.text();
            if (status >= 500) {
              serverErrors += 1;
              console.log(
                `5xx: ${status} ${req.method} ${req.url.slice(0, 200)} → ${text.slice(0, 200)}`,
              );
            }
          } catch (err) {
            status = `error: ${err.cause?.code ?? err.message}`;
          }
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          sent += 1;
        }
      };
      await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
      if (sent % 10_000 < CHUNK) console.log(`  ${sent} sent, ${serverErrors} 5xx so far`);
    }
    const seconds = (Date.now() - started) / 1000;
    const byStatus = [...statuses]
      .sort()
      .map(([s, n]) => `${s}: ${n}`)
      .join(", ");
    console.log(`\nstatuses: ${byStatus}`);
    console.log(
      `${sent} requests sent in ${seconds.toFixed(0)} s (seed ${args.seed}), ${serverErrors} answered 5xx`,
    );
    process.exitCode = serverErrors === 0 ? 0 : 1;
  } finally {
    await stop();
  }
}

main().catch((err) => {
  console.error(`npm run fuzz failed: ${err.stack ?? err}`);
  process.exit(1);
});
