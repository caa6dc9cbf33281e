/**
 * Starts the store the way `npm start` does (or `npm run serve`, with `E2E_SERVER=serve`), on its
 * own port and with a fresh state folder, loads the demo catalog, and hands the address and admin
 * token to the tests. The teardown stops the server's whole process group and prints the page
 * sizes the tests measured.
 */
import { resolve } from "node:path";
import { ensureDevVars } from "../dev-vars.mjs";
import { ROOT } from "../wrangler.mjs";
import { artifactPath } from "./artifacts.mjs";
import { printPageSizes, resetPageSizes } from "./page-sizes.mjs";
import { startStore } from "./store.mjs";

const port = Number(process.env.PORT ?? 8790);

export default async function setup(project) {
  const { ADMIN_TOKEN } = ensureDevVars(ROOT);
  resetPageSizes();
  const stopStore = await startStore({
    port,
    persistTo: resolve(ROOT, ".wrangler/e2e-state"),
    logFile: artifactPath("e2e-server.log"),
    adminToken: ADMIN_TOKEN,
  });
  project.provide("baseUrl", `http://127.0.0.1:${port}`);
  project.provide("adminToken", ADMIN_TOKEN);
  return async () => {
    await stopStore();
    printPageSizes();
  };
}
