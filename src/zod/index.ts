import * as z from "./external";

/**
 * zod as the Worker's bundle imports it (`[alias]` in wrangler.toml, `resolve.alias` for the
 * tests): everything zod exports but its 40 locales. `@hono/zod-openapi` hands zod's whole
 * namespace to the OpenAPI extension, which keeps every export alive, and the locales were a
 * third of the bundle (about 258 KiB of 786). English messages are zod's default and stay; nothing
 * here calls `z.config(z.locales.xx())`. The same way, `fromJSONSchema` and core's ahead-of-time
 * compiler (`compile`, `compileFn`, `withParser`), which nothing here calls, are left out.
 *
 * Built as zod's own entry is: `./external` re-exports zod's, and an explicit export (`locales`,
 * `core`) wins over the same name from `export *`. The paths into node_modules are relative
 * because the alias rewrites every import of `zod` and `zod/…`.
 */
export * from "./external";
export { z, z as default };
