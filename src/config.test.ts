import { describe, expect, it } from "vitest";
import { chosenProvider, liveProvider, readConfig } from "./config";

describe("the providers a deployment may use", () => {
  it("falls back to the local ones outside production", () => {
    for (const DEPLOYMENT of [undefined, "local", "staging"]) {
      const config = readConfig({ DEPLOYMENT });
      expect(liveProvider(config, "paymentProvider")).toBe("test");
      expect(liveProvider(config, "emailProvider")).toBe("local");
    }
  });

  it("refuses the local ones, or none, in production, and takes real ones", () => {
    for (const vars of [{}, { PAYMENT_PROVIDER: "test", EMAIL_PROVIDER: "local" }]) {
      const config = readConfig({ DEPLOYMENT: "production", ...vars });
      expect(() => liveProvider(config, "paymentProvider")).toThrow(/PAYMENT_PROVIDER/);
      expect(() => liveProvider(config, "emailProvider")).toThrow(/EMAIL_PROVIDER/);
    }
    const live = readConfig({
      DEPLOYMENT: "production",
      PAYMENT_PROVIDER: "stripe",
      EMAIL_PROVIDER: "resend",
    });
    expect(liveProvider(live, "paymentProvider")).toBe("stripe");
    expect(liveProvider(live, "emailProvider")).toBe("resend");
    expect(chosenProvider(readConfig({ DEPLOYMENT: "production" }), "emailProvider")).toBe(
      undefined,
    );
  });

  it("refuses a var that is not one of its values", () => {
    expect(() => readConfig({ DEPLOYMENT: "prod" })).toThrow();
    expect(() => readConfig({ PAYMENT_PROVIDER: "paypal" })).toThrow();
  });
});
