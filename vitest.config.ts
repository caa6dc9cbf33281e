import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { Response } from "miniflare";
import { defineConfig } from "vitest/config";
import { createFakeHooks, FAKE_HOOKS } from "./scripts/fake-hooks.mjs";
import { createFakeStripe } from "./scripts/fake-stripe.mjs";

/** Tests never read .dev.vars: they bring their own secrets. */
const TEST_SECRETS = {
  ADMIN_TOKEN: "test-admin-token",
  JWT_SECRET: "test-jwt-secret-0123456789abcdef",
};
// Wrangler checks the config's required secrets against the environment: these are them.
Object.assign(process.env, TEST_SECRETS);

/** Where the `stripe` project's Worker finds Stripe: a fake, reached through the outbound service. */
const FAKE_STRIPE = "http://stripe.test";

/** What the back office's Worker was sent, as JSON (test/back-office-proxy.test.ts). */
async function echoBackOffice(request: Request) {
  const url = new URL(request.url);
  return Response.json(
    {
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    },
    { status: 299, headers: { "x-back-office": "yes" } },
  );
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  const fakeStripe = createFakeStripe();
  const fakeHooks = createFakeHooks();
  const workers = (
    name: string,
    include: string[],
    exclude: string[],
    bindings: Record<string, unknown> = {},
  ) => ({
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
            // The warehouse's secret (FULFILLMENT_PROVIDER = webhook); the tests sign with it.
            FULFILLMENT_WEBHOOK_SECRET: "whsec_warehouse_test",
            TEST_MIGRATIONS: migrations,
            ...bindings,
          },
          // The back office is part of the app under test (workers/app.ts): its Worker's binding is
          // an echo of what it was sent, for the shop Worker's proxy's own test.
          serviceBindings: { BACK_OFFICE: echoBackOffice },
          // Every fetch the Worker makes to the outside ends here: the fake Stripe, the fake
          // webhook receiver, or a 502.
          outboundService: async (request: Request) => {
            const fake = request.url.startsWith(FAKE_STRIPE)
              ? fakeStripe
              : request.url.startsWith(FAKE_HOOKS)
                ? fakeHooks
                : null;
            if (!fake) return new Response("no network in tests", { status: 502 });
            const reply = fake.handle({
              method: request.method,
              url: request.url,
              headers: request.headers,
              body: await request.text(),
            });
            return new Response(reply.body, {
              status: reply.status,
              headers: { "content-type": reply.type },
            });
          },
        },
      }),
    ],
    // zod as the Worker's bundle has it (wrangler.toml's `[alias]`): without its locales.
    resolve: { alias: [{ find: /^zod$/, replacement: path.resolve("src/zod/index.ts") }] },
    test: {
      name,
      include,
      exclude,
      setupFiles: ["./test/setup.ts"],
      // A budget that holds on a loaded 2-core machine: every test without one of its own takes
      // under 4 s on an idle one (the slowest, a 200-sku bulk create, about 3.5 s), so 15 s is
      // more than three times that. Tests that need longer say so themselves.
      testTimeout: 15_000,
      hookTimeout: 30_000,
    },
  });
  return {
    test: {
      // Logs of passing tests are noise (their failures are planted on purpose); a failing
      // test still shows everything it logged.
      silent: "passed-only" as const,
      projects: [
        workers("workers", ["test/**/*.test.ts", "src/**/*.test.ts"], ["test/stripe/**"]),
        // The same Worker taking cards with Stripe (the fake above) instead of the test provider.
        workers("stripe", ["test/stripe/**/*.test.ts"], [], {
          PAYMENT_PROVIDER: "stripe",
          STRIPE_SECRET_KEY: "sk_test_fake",
          STRIPE_PUBLISHABLE_KEY: "pk_test_fake",
          STRIPE_API_BASE: FAKE_STRIPE,
          STRIPE_JS_URL: `${FAKE_STRIPE}/v3/`,
        }),
      ],
    },
  };
});
