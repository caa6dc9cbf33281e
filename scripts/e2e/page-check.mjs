/**
 * What every visited page goes through: no script errors or CSP refusals, no serious accessibility
 * violations (axe-core), a screenshot, and its HTML + CSS size on the wire.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { expect } from "vitest";
import { artifactPath, DOCS_SCREENSHOTS_DIR } from "./artifacts.mjs";
import { recordPageSize } from "./page-sizes.mjs";

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);
const BLOCKING_IMPACTS = new Set(["serious", "critical"]);

/** Per page: its latest document response and what went wrong in it. */
const tracked = new WeakMap();
/**
 * Stylesheet sizes by URL. A context fetches the stylesheet once and then serves it from its
 * cache, so later pages reuse the size measured when it came over the network.
 */
const stylesheetSizes = new Map();

/** Bytes on the wire (headers + body as sent, compressed) and the body's decoded length. */
async function measure(response) {
  const [sizes, body] = await Promise.all([response.request().sizes(), response.body()]);
  return { wire: sizes.responseHeadersSize + sizes.responseBodySize, decoded: body.length };
}

function track(page) {
  const state = { document: null, problems: [] };
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "document" && response.frame() === page.mainFrame()) {
      // A form post answers 303; the page is what the redirect leads to.
      if (response.status() < 300 || response.status() >= 400) state.document = response;
    } else if (type === "stylesheet" && !stylesheetSizes.has(response.url())) {
      stylesheetSizes.set(response.url(), measure(response));
    }
  });
  page.on("pageerror", (err) => state.problems.push(`uncaught error: ${err.message}`));
  page.on("console", (message) => {
    if (message.type() === "error" && message.text().includes("Content Security Policy")) {
      state.problems.push(message.text());
    }
  });
  tracked.set(page, state);
}

/** A new tab in the shopper's context, watched from its first request. */
export async function openPage(context) {
  const page = await context.newPage();
  track(page);
  return page;
}

async function pageSize(page, state) {
  expect(state.document, "no document response was seen for this page").not.toBeNull();
  const hrefs = await page.$$eval('link[rel="stylesheet"]', (links) => links.map((l) => l.href));
  const stylesheets = await Promise.all(
    hrefs.map((href) => {
      const size = stylesheetSizes.get(href);
      if (!size) throw new Error(`The stylesheet ${href} never came over the network`);
      return size;
    }),
  );
  const css = {
    wire: stylesheets.reduce((n, s) => n + s.wire, 0),
    decoded: stylesheets.reduce((n, s) => n + s.decoded, 0),
  };
  return { html: await measure(state.document), css };
}

function describeViolations(name, violations) {
  const lines = violations.flatMap((v) => [
    `- ${v.id} (${v.impact}): ${v.help} ${v.helpUrl}`,
    ...v.nodes.map(
      (n) => `    ${n.target.join(" ")}\n      ${n.failureSummary.replaceAll("\n", "\n      ")}`,
    ),
  ]);
  return `axe found ${violations.length} serious or critical violation(s) on "${name}":\n${lines.join("\n")}`;
}

async function checkAccessibility(page, name) {
  // DevTools evaluation is exempt from the page's CSP, which refuses injected <script> tags.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations.map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map(({ target, failureSummary }) => ({ target, failureSummary })),
    }));
  });
  const blocking = violations.filter((v) => BLOCKING_IMPACTS.has(v.impact));
  const minor = violations.filter((v) => !BLOCKING_IMPACTS.has(v.impact));
  // Moderate and minor findings do not fail the run, but should not go unseen either.
  if (minor.length > 0) {
    console.warn(`axe on "${name}": ${minor.map((v) => `${v.id} (${v.impact})`).join(", ")}`);
  }
  if (blocking.length > 0) throw new Error(describeViolations(name, blocking));
}

async function screenshot(page, name, docsName) {
  // Lazy images below the fold would be blank in a full-page picture.
  await page.evaluate(() =>
    Promise.all(
      [...document.images].map((img) => {
        img.loading = "eager";
        return img.decode().catch(() => {});
      }),
    ),
  );
  const path = artifactPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  // The committed copy shows the first screen only, to keep the repository small.
  if (docsName) await page.screenshot({ path: resolve(DOCS_SCREENSHOTS_DIR, docsName) });
}

/**
 * Checks the page as it is now and records it under `name`; returns its HTML and CSS sizes.
 * `docsName` also saves the first screen to docs/screenshots under that file name.
 */
export async function checkPage(page, name, { docsName } = {}) {
  const state = tracked.get(page);
  expect(state.problems, `script errors or CSP refusals on "${name}"`).toEqual([]);
  await checkAccessibility(page, name);
  await screenshot(page, name, docsName);
  const size = await pageSize(page, state);
  recordPageSize(name, size);
  return size;
}

/** The page is no wider than the screen: nothing to scroll sideways to. */
export async function expectNoSidewaysScroll(page, name) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${name} is wider than the screen`).toBeLessThanOrEqual(innerWidth);
}

/** Checks the page (axe, size, screenshot, `docsName` into docs/) and that it fits the screen. */
export async function look(page, name, docsName) {
  await expectNoSidewaysScroll(page, name);
  await checkPage(page, name, docsName ? { docsName } : {});
}
