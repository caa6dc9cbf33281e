import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: [
    "./src/db/schema.ts",
    "./src/db/market-schema.ts",
    "./src/db/promotion-schema.ts",
    "./src/db/refund-schema.ts",
    "./src/db/webhook-schema.ts",
    "./src/db/fulfillment-schema.ts",
    "./src/db/account-schema.ts",
    "./src/db/image-schema.ts",
    "./src/db/settings-schema.ts",
    "./src/db/collection-schema.ts",
  ],
  out: "./migrations",
  migrations: { prefix: "index" },
});
