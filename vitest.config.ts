import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          // Tests never read .dev.vars: they bring their own secrets.
          bindings: {
            ADMIN_TOKEN: "test-admin-token",
            JWT_SECRET: "test-jwt-secret-0123456789abcdef",
            // Lets tests plant failures in checkout and cancel steps (CartObject.injectFault).
            CHECKOUT_FAULTS: "on",
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts", "src/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
    },
  };
});
