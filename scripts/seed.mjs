/**
 * `npm run seed -- [--products N] [--base-url URL]`: loads products into an already running
 * store (default BASE_URL, else http://127.0.0.1:PORT, PORT 8787). With --products, N generated
 * products (gen-000000...); without, the demo catalog. Products that exist are skipped, so
 * seeding twice is harmless. The admin token comes from ADMIN_TOKEN or .dev.vars.
 */
import { parseArgs } from "node:util";
import { demoCatalog, generatedCatalog } from "./demo-catalog.mjs";
import { setUpDemoMarkets } from "./demo-markets.mjs";
import { readDevVars } from "./dev-vars.mjs";
import { loadCatalog, waitForServer } from "./load-catalog.mjs";
import { ROOT } from "./wrangler.mjs";

function readOptions() {
  const { values } = parseArgs({
    options: {
      products: { type: "string" },
      "base-url": {
        type: "string",
        default: process.env.BASE_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8787}`,
      },
    },
  });
  const count = values.products === undefined ? undefined : Number(values.products);
  if (count !== undefined && !(Number.isInteger(count) && count > 0)) {
    throw new Error(`--products must be a positive integer, got "${values.products}"`);
  }
  return { count, baseUrl: values["base-url"] };
}

async function main() {
  const { count, baseUrl } = readOptions();
  const adminToken = process.env.ADMIN_TOKEN || readDevVars(ROOT).ADMIN_TOKEN;
  if (!adminToken) throw new Error("No admin token: set ADMIN_TOKEN or run npm start once.");
  // A short wait turns "nothing is listening" into a clear message instead of a fetch error.
  await waitForServer(baseUrl, 5_000);

  // The demo's prices in other markets need those markets.
  if (count === undefined) await setUpDemoMarkets(baseUrl, adminToken);
  const products = count === undefined ? demoCatalog() : generatedCatalog(count);
  const started = performance.now();
  const { loaded, skipped } = await loadCatalog(baseUrl, adminToken, products);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `Loaded ${loaded} products, skipped ${skipped} that exist, in ${seconds.toFixed(1)} s.`,
  );
}

main().catch((err) => {
  console.error(`Seeding failed: ${err.message}`);
  process.exit(1);
});
