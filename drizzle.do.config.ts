import { defineConfig } from "drizzle-kit";

/**
 * The Durable Objects' own SQLite tables, one migration folder per class, bundled into the Worker
 * and applied by each object as it starts: `npm run db:generate:do`.
 */
const objectConfig = (name: string) =>
  defineConfig({
    dialect: "sqlite",
    driver: "durable-sqlite",
    schema: `./src/db/${name}-schema.ts`,
    out: `./durable-objects/migrations/${name}`,
  });

export default objectConfig(process.env.DO_SCHEMA ?? "cart");
