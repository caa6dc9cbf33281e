/**
 * A store for the browser tests: `npm start`'s wrangler dev, or `npm run serve`'s built Worker
 * with `E2E_SERVER=serve`, on its own port and fresh state, with the demo catalog loaded.
 */
import { closeSync, openSync, rmSync } from "node:fs";
import { loadDemo, waitForServer } from "../load-catalog.mjs";
import { applyMigrations, startBuiltServer, startDevServer, stopDevServer } from "../wrangler.mjs";

/** `E2E_SERVER=serve` runs the tests against `npm run serve` (the built Worker) instead of `npm start`'s wrangler dev. */
const startServer = process.env.E2E_SERVER === "serve" ? startBuiltServer : startDevServer;
// Bundling the Worker and booting workerd takes a while on a small machine.
const STARTUP_TIMEOUT_MS = 120_000;

/** Another server on our port would answer the health check, and the tests would test it. */
export async function assertPortFree(baseUrl) {
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

/**
 * Starts a store with fresh state in `persistTo` and the demo catalog; `vars` override the
 * Worker's vars (`bundleDir` keeps a second built server's bundle apart). Resolves with its stop.
 */
export async function startStore({ port, persistTo, logFile, adminToken, vars = {}, bundleDir }) {
  const baseUrl = `http://127.0.0.1:${port}`;
  await assertPortFree(baseUrl);
  rmSync(persistTo, { recursive: true, force: true });
  applyMigrations({ persistTo, stdio: ["ignore", "ignore", "inherit"] });
  const log = openSync(logFile, "w");
  const server = startServer({ port, persistTo, output: log, vars, bundleDir });
  closeSync(log); // The child has its own copy.
  const forgetExitGuard = killOnExit(server);
  try {
    await Promise.race([
      waitForServer(baseUrl, STARTUP_TIMEOUT_MS),
      server.exited.then(({ code }) => {
        throw new Error(`the server exited (code ${code}) before it was ready; see ${logFile}`);
      }),
    ]);
    await loadDemo(baseUrl, adminToken);
  } catch (err) {
    await stop(server, forgetExitGuard);
    throw err;
  }
  return () => stop(server, forgetExitGuard);
}
