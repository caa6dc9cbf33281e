import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { ROOT } from "../wrangler.mjs";

/** Where a run leaves what people look at afterwards: screenshots, page sizes, the server log. */
const ARTIFACTS_DIR = resolve(ROOT, "screenshots");
/** The screenshots the README shows; committed, so kept to one screen each. */
export const DOCS_SCREENSHOTS_DIR = resolve(ROOT, "docs/screenshots");

export function artifactPath(name) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return resolve(ARTIFACTS_DIR, name);
}
