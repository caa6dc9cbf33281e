import { defineConfig } from "vitest/config";

/**
 * Browser end-to-end tests: plain Node drives Chromium against a real `wrangler dev` that the
 * global setup starts. One file at a time: they share that server and its stock levels.
 */
export default defineConfig({
  test: {
    include: ["scripts/e2e/*.e2e.test.mjs"],
    globalSetup: ["./scripts/e2e/global-setup.mjs"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
