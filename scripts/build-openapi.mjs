/**
 * Builds the OpenAPI document (`/api/v1/openapi.json`) and the page that renders it (`/api/docs`)
 * into dist/public, where Workers Static Assets serves them before the Worker runs. The Worker's
 * bundle leaves out the generator (zod-to-openapi and zod's JSON Schema, about 12 KiB gzipped:
 * `[alias]` in wrangler.toml, src/openapi-shim.ts), so the document is made here, by the same
 * routes: workers/app.ts bundled for Node and asked for both, as a client would. The tests run
 * the real generator and check that these files are what it answers (test/api-docs.test.ts).
 * Each file keeps the security headers the Worker answers it with (`_headers`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { ROOT } from "./wrangler.mjs";

/** What Workers Static Assets serves, under these paths; `.html` is served without it. */
export const OPENAPI_FILES = [
  { path: "/api/v1/openapi.json", file: "api/v1/openapi.json" },
  { path: "/api/docs", file: "api/docs.html" },
];

/** The headers of the Worker's answer that the static copy keeps. */
const KEPT_HEADERS = [
  "content-security-policy",
  "cross-origin-opener-policy",
  "cross-origin-resource-policy",
  "referrer-policy",
  "strict-transport-security",
  "x-content-type-options",
  "x-frame-options",
  "cache-control",
];

/** Bindings a module of the app may import: classes to extend, nothing to call at build time. */
const CLOUDFLARE_STUB =
  "export class DurableObject {} export class WorkerEntrypoint {} export const env = {};";

export async function buildOpenApi(outDir) {
  const tmp = join(ROOT, ".wrangler/tmp/openapi");
  mkdirSync(tmp, { recursive: true });
  const bundle = join(tmp, "app.mjs");
  await build({
    entryPoints: [join(ROOT, "workers/app.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    format: "esm",
    loader: { ".sql": "text" },
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    alias: { zod: join(ROOT, "src/zod/index.ts") },
    logLevel: "error",
    plugins: [
      {
        // `?raw` imports (docs/api.md) are their text, as vite has them in the tests.
        name: "raw-text",
        setup(b) {
          b.onResolve({ filter: /\?raw$/ }, (a) => ({
            path: join(a.resolveDir, a.path.slice(0, -"?raw".length)),
            namespace: "raw",
          }));
          b.onLoad({ filter: /.*/, namespace: "raw" }, (a) => ({
            contents: readFileSync(a.path, "utf8"),
            loader: "text",
          }));
        },
      },
      {
        name: "cloudflare-modules",
        setup(b) {
          b.onResolve({ filter: /^cloudflare:/ }, (a) => ({ path: a.path, namespace: "cf" }));
          b.onLoad({ filter: /.*/, namespace: "cf" }, () => ({ contents: CLOUDFLARE_STUB }));
        },
      },
    ],
  });
  const { app } = await import(`${pathToFileURL(bundle).href}?${Date.now()}`);
  const headers = [];
  for (const { path, file } of OPENAPI_FILES) {
    // The app logs each request as JSON lines: not at build time.
    const log = console.log;
    console.log = () => {};
    const res = await app.request(`https://build.invalid${path}`, {}, {}).finally(() => {
      console.log = log;
    });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status} at build time`);
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, await res.text());
    const kept = KEPT_HEADERS.filter((h) => res.headers.has(h)).map(
      (h) => `  ${h}: ${res.headers.get(h)}`,
    );
    headers.push(`${path}\n${kept.join("\n")}`);
  }
  rmSync(tmp, { recursive: true, force: true });
  return headers.join("\n");
}
