/**
 * zod-to-openapi as the Worker's bundle has it (`[alias]` in wrangler.toml): routes register
 * nothing and no OpenAPI document is generated at runtime. The generator, with zod's JSON Schema
 * that it needs, was about 12 KiB of the bundle's 200 gzipped; the document and its page are
 * built at deploy time by the same routes (scripts/build-openapi.mjs) and served as static assets.
 * The tests use the real library, and check that the built files are what it makes.
 */
export class OpenAPIRegistry {
  readonly definitions: unknown[] = [];
  register<T>(_refId: string, schema: T): T {
    return schema;
  }
  registerParameter<T>(_refId: string, schema: T): T {
    return schema;
  }
  registerPath(): void {}
  registerWebhook(): void {}
  registerComponent(type: string, name: string, component: unknown) {
    return { name, ref: { $ref: `#/components/${type}/${name}` }, component };
  }
}

class BuiltAtDeploy {
  constructor() {
    throw new Error("The OpenAPI document is built at deploy time (scripts/build-openapi.mjs).");
  }
}

export const OpenApiGeneratorV3 = BuiltAtDeploy;
export const OpenApiGeneratorV31 = BuiltAtDeploy;

/** The routes describe their schemas with zod's own `.meta()`: nothing to add to zod. */
export function extendZodWithOpenApi(): void {}

export const getOpenApiMetadata = () => ({});
