/** zod's core without its locales: see ./index.ts. */
export * from "../../node_modules/zod/v4/core/index.js";
export const locales = {};
// Ahead-of-time compilation of schemas (`zod/compile`), which nothing here uses: kept out of the
// bundle (about 29 KiB) the way the locales are, by exports of the same names that win.
export const INVALID = undefined;
export const ZodCompileAsyncError = undefined;
export const ZodCompileUnsupportedError = undefined;
export const compile = undefined;
export const withParser = undefined;
export const compileFn = undefined;
