/**
 * Starts the store the way `npm start` does, on its own port and with a fresh state folder, loads
 * the demo catalog, and hands the address and admin token to the tests. The teardown stops the
 * server's whole process group and prints the page sizes the tests measured.
 */
import { closeSync, openSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { demoCatalog } from "../demo-catalog.mjs";
import { ensureDevVars } from "../dev-vars.mjs";
import { loadCatalog, waitForServer } from "../load-catalog.mjs";
import {
  applyMigrations,
  ROOT,
  startBuiltServer,
  startDevServer,
  stopDevServer,
} from "../wrangler.mjs";
import { artifactPath } from "./artifacts.mjs";
import { printPageSizes, resetPageSizes } from "./page-sizes.mjs";

const port = Number(process.env.PORT ?? 8790);
const baseUrl = `http://127.0.0.1:${port}`;
const persistTo = resolve(ROOT, ".wrangler/e2e-state");
const serverLog = artifactPath("e2e-server.log");
/** `E2E_SERVER=serve` runs the tests against `npm run serve` (the built Worker) instead of `npm start`'s wrangler dev. */
const startServer = process.env.E2E_SERVER === "serve" ? startBuiltServer : startDevServer;
// Bundling the Worker and booting workerd takes a while on a small machine.
const STARTUP_TIMEOUT_MS = 120_000;

/** Another server on our port would answer the health check, and the tests would test it. */
async function assertPortFree() {
  const answered = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
  if (answered) throw new Error(`Something already listens on ${baseUrl}: stop it or set PORT.`);
}

/**
 * The server runs in its own process group, so nothing reaches it when vitest dies without its
 * teardown (an uncaught error, a second Ctrl-C): kill the group on the way out.
 */
function killOnExit(server) {
  const kill = () => {
    try {
      process.kill(-server.child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };
  process.once("exit", kill);
  return () => process.off("exit", kill);
}

async function stop(server, forgetExitGuard) {
  await stopDevServer(server);
  forgetExitGuard();
}

async function startStore(adminToken) {
  const log = openSync(serverLog, "w");
  const server = startServer({ port, persistTo, output: log });
  closeSync(log); // The child has its own copy.
  const forgetExitGuard = killOnExit(server);
  try {
    await Promise.race([
      waitForServer(baseUrl, STARTUP_TIMEOUT_MS),
      server.exited.then(({ code }) => {
        throw new Error(`the server exited (code ${code}) before it was ready; see ${serverLog}`);
      }),
    ]);
    await loadCatalog(baseUrl, adminToken, demoCatalog());
  } catch (err) {
    await stop(server, forgetExitGuard);
    throw err;
  }
  return () => stop(server, forgetExitGuard);
}

export default async function setup(project) {
  const { ADMIN_TOKEN } = ensureDevVars(ROOT);
  await assertPortFree();
  rmSync(persistTo, { recursive: true, force: true });
  resetPageSizes();
  applyMigrations({ persistTo, stdio: ["ignore", "ignore", "inherit"] });
  const stopStore = await startStore(ADMIN_TOKEN);

  project.provide("baseUrl", baseUrl);
  project.provide("adminToken", ADMIN_TOKEN);
  return async () => {
    await stopStore();
    printPageSizes();
  };
}
