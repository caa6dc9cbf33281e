/** zod's core without its locales: see ./index.ts. */
export * from "../../node_modules/zod/v4/core/index.js";
export const locales = {};
