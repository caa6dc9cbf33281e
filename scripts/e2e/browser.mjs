import { chromium } from "playwright-core";
import { inject } from "vitest";

/** Debian's Chromium: Playwright's own browser downloads are not reachable from here. */
const CHROMIUM_PATH = "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  // Containers run as root, where Chromium's sandbox cannot start.
  "--no-sandbox",
  "--disable-gpu",
  // No update checks, field trials or QUIC probes: the machine has no internet.
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
];

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * A fresh context is a new shopper: no cookies, no cache. 1280 px wide, the size of the
 * committed screenshots.
 */
export function newShopper(browser, baseURL = inject("baseUrl")) {
  return browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
  });
}

/** A shopper on a phone: 390 × 844 CSS pixels (an iPhone 12 to 15), touch, mobile viewport rules. */
export function newPhoneShopper(browser, baseURL = inject("baseUrl")) {
  return browser.newContext({
    baseURL,
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
}
