import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { writeBackOfficeConfig } from "./back-office-config.mjs";

/** The repository root, whatever directory the script was started from. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * Wrangler runs offline and unattended: no prompts (CI), no telemetry, and no request to
 * Cloudflare for the `request.cf` object, which would fail without internet.
 */
export const WRANGLER_ENV = {
  ...process.env,
  CI: "true",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
};

const persistArgs = (persistTo) => (persistTo ? ["--persist-to", persistTo] : []);
const configArgs = (config) => (config ? ["--config", config] : []);

/**
 * Both Workers in one wrangler dev: the shop's (wrangler.toml, on the port) and the back
 * office's behind it, sharing its local state. `vars` reach both; with some, the back office's
 * configuration is a file of this server's own (`tag`), so two servers do not share one.
 */
function storeConfigArgs({ vars, tag }) {
  const custom = Object.keys(vars).length > 0;
  const backOffice = writeBackOfficeConfig(custom ? { vars, tag } : {});
  return ["--config", "wrangler.toml", "--config", backOffice];
}

/** Applies the D1 migrations to the local database; throws if wrangler fails. */
export function applyMigrations({ persistTo, config, stdio = "inherit" } = {}) {
  const args = [
    "wrangler",
    "d1",
    "migrations",
    "apply",
    "DB",
    "--local",
    ...persistArgs(persistTo),
    ...configArgs(config),
  ];
  const result = spawnSync("npx", args, { cwd: ROOT, env: WRANGLER_ENV, stdio });
  if (result.status !== 0) {
    throw new Error(`npx ${args.join(" ")} failed (${result.error ?? `exit ${result.status}`})`);
  }
}

const STOP_TIMEOUT_MS = 5_000;

/**
 * Starts `wrangler dev` on 127.0.0.1:<port> in its own process group. npx stands between us and
 * wrangler (npm, a shell, wrangler's launcher, then workerd) and does not pass signals all the
 * way down, so the only reliable way to stop everything is to signal the whole group.
 * stdin is closed: a background process group that reads the terminal would be stopped, and with
 * CI=true wrangler has no hotkeys to read anyway.
 */
export function startDevServer({ port, persistTo, config, output = "inherit", vars = {} }) {
  // --test-scheduled: wrangler dev fires no cron trigger itself; /__scheduled runs the handler.
  const args = ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(port), "--test-scheduled"];
  const varArgs = Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]);
  const configs = config ? configArgs(config) : storeConfigArgs({ vars, tag: String(port) });
  return startServer("npx", [...args, ...persistArgs(persistTo), ...configs, ...varArgs], {
    output,
  });
}

/** `npm run serve` (the built Worker under Miniflare's API) as a child, like startDevServer. */
export function startBuiltServer({
  port,
  persistTo,
  output = "inherit",
  seedDemo = true,
  vars = {},
  bundleDir,
}) {
  return startServer("node", ["scripts/serve.mjs"], {
    output,
    env: {
      PORT: String(port),
      SEED_DEMO: seedDemo ? "1" : "0",
      ...(persistTo ? { PERSIST_DIR: persistTo } : {}),
      ...(bundleDir ? { SERVE_BUNDLE_DIR: bundleDir } : {}),
      ...vars,
    },
  });
}

/** A server process in its own group (see stopDevServer), its stdin closed. */
function startServer(command, args, { output, env = {} }) {
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...WRANGLER_ENV, ...env },
    stdio: ["ignore", output, output],
    detached: true,
  });
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited };
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

const CRON_PERIOD_MS = 60_000;

/**
 * Fires the Worker's cron trigger every minute, as Cloudflare does in production (the
 * reconciliation sweep). Answers a function that stops it.
 */
export function runCronLocally(baseUrl) {
  const tick = () =>
    fetch(`${baseUrl}/__scheduled?cron=${encodeURIComponent("* * * * *")}`).catch(() => {
      // The server is restarting or stopping; the next tick tries again.
    });
  const timer = setInterval(tick, CRON_PERIOD_MS);
  return () => clearInterval(timer);
}

/**
 * Sends `signal` to the dev server's group, escalates to SIGKILL if it has not exited after a few
 * seconds, and resolves with its { code, signal } once it has.
 */
export async function stopDevServer({ child, exited }, signal = "SIGTERM") {
  signalGroup(child, signal);
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), STOP_TIMEOUT_MS);
  const status = await exited;
  clearTimeout(timer);
  // Whatever outlived the group leader (a workerd still shutting down) goes too.
  signalGroup(child, "SIGKILL");
  return status;
}
