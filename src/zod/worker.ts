/**
 * zod as the Worker's bundle imports it (`[alias]` in wrangler.toml): `./index.ts`'s exports, but
 * for the namespace `z` as one value. `@hono/zod-openapi` takes that value (to extend zod for the
 * OpenAPI document, which the Worker never builds: `src/openapi-shim.ts`), and a namespace used as
 * a value keeps every export of zod in the bundle. Here it is an empty object, and the Worker's
 * code imports zod as `import * as z from "zod"`, whose uses esbuild resolves one by one, keeping
 * only the exports used.
 */
export * from "./external";

export const z = {};
export default z;
