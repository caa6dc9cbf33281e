/**
 * zod's JSON Schema conversion as the Worker's bundle has it (`[alias]` in wrangler.toml, for the
 * two paths by which zod's schemas import it): nothing. The Worker never converts a schema to JSON
 * Schema (the OpenAPI document is built at deploy time, by the real zod: scripts/build-openapi.mjs),
 * yet every zod schema refers to its converter, so the bundle carried about 20 KiB of it. Each
 * export here is one zod's schemas name; calling any throws. The tests and the document's build
 * use the real modules; the browser tests against `npm run serve` run this bundle.
 */
const unavailable = (): never => {
  throw new Error(
    "zod's JSON Schema conversion is not in the Worker's bundle (src/zod/no-json-schema.ts).",
  );
};

export const createToJSONSchemaMethod = () => unavailable;
export const createStandardJSONSchemaMethod = () => unavailable;
export const aggregateChecks = unavailable;
export const anyProcessor = unavailable;
export const arrayProcessor = unavailable;
export const bigintProcessor = unavailable;
export const booleanProcessor = unavailable;
export const catchProcessor = unavailable;
export const customProcessor = unavailable;
export const dateProcessor = unavailable;
export const defaultProcessor = unavailable;
export const enumProcessor = unavailable;
export const fileProcessor = unavailable;
export const functionProcessor = unavailable;
export const intersectionProcessor = unavailable;
export const lazyProcessor = unavailable;
export const literalProcessor = unavailable;
export const mapProcessor = unavailable;
export const nanProcessor = unavailable;
export const neverProcessor = unavailable;
export const nonoptionalProcessor = unavailable;
export const nullProcessor = unavailable;
export const nullableProcessor = unavailable;
export const numberProcessor = unavailable;
export const objectProcessor = unavailable;
export const optionalProcessor = unavailable;
export const pipeProcessor = unavailable;
export const prefaultProcessor = unavailable;
export const promiseProcessor = unavailable;
export const readonlyProcessor = unavailable;
export const recordProcessor = unavailable;
export const setProcessor = unavailable;
export const stringProcessor = unavailable;
export const successProcessor = unavailable;
export const symbolProcessor = unavailable;
export const templateLiteralProcessor = unavailable;
export const transformProcessor = unavailable;
export const tupleProcessor = unavailable;
export const undefinedProcessor = unavailable;
export const unionProcessor = unavailable;
export const unknownProcessor = unavailable;
export const voidProcessor = unavailable;
export const toJSONSchema = unavailable;
export const initializeContext = unavailable;
export const handleUnrepresentable = unavailable;
export const processSchema = unavailable;
export const extractDefs = unavailable;
export const finalize = unavailable;
export const allProcessors = {};
export class JSONSchemaGenerator {
  constructor() {
    unavailable();
  }
}
