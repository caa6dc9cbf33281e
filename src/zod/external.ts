/** zod's exports without its locales: see ./index.ts. */
import { config } from "../../node_modules/zod/v4/classic/external.js";
import messages from "./messages";

export * from "../../node_modules/zod/v4/classic/external.js";
export * as core from "./core";
export const locales = {};
// Building schemas from JSON Schema, which nothing here does: out of the bundle (about 12 KiB).
export const fromJSONSchema = undefined;
// The ahead-of-time compiler, which zod also exports at the top (see ./core.ts).
export const INVALID = undefined;
export const ZodCompileAsyncError = undefined;
export const ZodCompileUnsupportedError = undefined;
export const compile = undefined;
export const withParser = undefined;

// The shop's own messages (./messages.ts), over zod's English where that is still in.
config(messages());
