/**
 * `npm start`: everything a fresh clone needs to run the store locally, offline, without a
 * Cloudflare account: secrets, D1 migrations, `wrangler dev`, and demo products on first run.
 * PORT picks the port (default 8787); PERSIST_DIR keeps local state somewhere other than
 * .wrangler/state, so tests and benchmarks can run against separate data.
 */
import { constants } from "node:os";
import { ensureDevVars } from "./dev-vars.mjs";
import { seedDemoIfEmpty, waitForServer } from "./load-catalog.mjs";
import {
  applyMigrations,
  ROOT,
  runCronLocally,
  startDevServer,
  stopDevServer,
} from "./wrangler.mjs";

const port = Number(process.env.PORT ?? 8787);
const persistTo = process.env.PERSIST_DIR || undefined;
const baseUrl = `http://127.0.0.1:${port}`;
// The first start bundles the Worker and boots workerd, which takes a while on a small machine.
const STARTUP_TIMEOUT_MS = 120_000;

function printUrls() {
  const stateDir = persistTo ?? ".wrangler/state";
  console.log(`
The store is running.
  Shop:      ${baseUrl}/
  Dashboard: ${baseUrl}/admin  (sign in with ADMIN_TOKEN from .dev.vars)
  Shop API:  ${baseUrl}/api/v1/products
  API docs:  ${baseUrl}/api/docs
Another port: PORT=8800 npm start.
To start over with a fresh store: stop it (Ctrl-C), delete ${stateDir}, and run npm start again.
`);
}

/** Stops the server's whole process group and exits the way the server did. */
async function shutDown(server, signal) {
  const status = await stopDevServer(server, signal);
  process.exit(status.code ?? 128 + constants.signals[status.signal]);
}

async function main() {
  const { ADMIN_TOKEN } = ensureDevVars(ROOT);
  applyMigrations({ persistTo });

  const server = startDevServer({ port, persistTo });
  // The server has its own process group, so Ctrl-C reaches only us: pass it on to the group.
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => shutDown(server, signal));

  try {
    await Promise.race([
      waitForServer(baseUrl, STARTUP_TIMEOUT_MS),
      server.exited.then(({ code }) => {
        throw new Error(`wrangler dev exited (code ${code}) before it was ready`);
      }),
    ]);
    await seedDemoIfEmpty(baseUrl, ADMIN_TOKEN);
  } catch (err) {
    await stopDevServer(server);
    throw err;
  }
  printUrls();
  runCronLocally(baseUrl);

  // wrangler dev runs until Ctrl-C; should it stop on its own, take its leftovers down and follow.
  await server.exited;
  await shutDown(server, "SIGTERM");
}

main().catch((err) => {
  console.error(`\nnpm start failed: ${err.message}`);
  process.exit(1);
});
