import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Tests never read .dev.vars: they bring their own secrets. */
const TEST_SECRETS = {
  ADMIN_TOKEN: "test-admin-token",
  JWT_SECRET: "test-jwt-secret-0123456789abcdef",
};
// Wrangler checks the config's required secrets against the environment: these are them.
Object.assign(process.env, TEST_SECRETS);

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        miniflare: {
          bindings: {
            ...TEST_SECRETS,
            // Lets tests plant failures in checkout and cancel steps (CartObject.injectFault).
            CHECKOUT_FAULTS: "on",
            // Stripe's webhook endpoint secret; the tests sign their events with it.
            STRIPE_WEBHOOK_SECRET: "whsec_test_0123456789",
            TEST_MIGRATIONS: migrations,
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts", "src/**/*.test.ts"],
      setupFiles: ["./test/setup.ts"],
      // Logs of passing tests are noise (their failures are planted on purpose); a failing
      // test still shows everything it logged.
      silent: "passed-only",
    },
  };
});
