/**
 * The runtime's floor for the bench: a bare Hono worker (`GET /` → "ok") under the same
 * Miniflare and workerd as `npm run serve`, on a port of its own. What no route of the app can
 * beat, so the app's own cost is each route's distance from it.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { startMiniflare } from "../miniflare.mjs";
import { ROOT } from "../wrangler.mjs";

const SOURCE = `import { Hono } from "hono";
const app = new Hono();
app.get("/", (c) => c.text("ok"));
export default app;`;

export async function startFloor(port) {
  const outfile = join(ROOT, "dist/floor/index.js");
  await build({
    stdin: { contents: SOURCE, resolveDir: ROOT, loader: "js" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    outfile,
    logLevel: "silent",
  });
  const mf = await startMiniflare(port, {
    workers: [
      { name: "floor", modules: true, scriptPath: outfile, compatibilityDate: "2026-11-01" },
    ],
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => mf.dispose() };
}
