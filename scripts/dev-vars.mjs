import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/** Secrets `wrangler dev` needs; each gets a fresh random value when missing. */
const GENERATED_KEYS = ["ADMIN_TOKEN", "JWT_SECRET"];

const devVarsPath = (dir) => resolve(dir, ".dev.vars");

const randomSecret = () => randomBytes(32).toString("hex");

/** Parses dotenv-style text: `KEY=value` lines, `#` comments, optional surrounding quotes. */
function parseDevVars(text) {
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const [, key, raw] = match;
    vars[key] = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1) : raw;
  }
  return vars;
}

/** The variables in `<dir>/.dev.vars`, or an empty object when the file does not exist. */
export function readDevVars(dir) {
  const file = devVarsPath(dir);
  return existsSync(file) ? parseDevVars(readFileSync(file, "utf8")) : {};
}

/**
 * Makes sure `<dir>/.dev.vars` holds every generated secret, creating the file or appending only
 * the missing keys, so values someone already set (or tokens already handed out) are kept.
 */
export function ensureDevVars(dir) {
  const file = devVarsPath(dir);
  const existing = existsSync(file) ? readFileSync(file, "utf8") : null;
  const vars = existing === null ? {} : parseDevVars(existing);
  const lines = GENERATED_KEYS.filter((key) => !vars[key]).map((key) => `${key}=${randomSecret()}`);

  if (existing === null) {
    writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  } else if (lines.length > 0) {
    // Start on a fresh line even when the file's last line has no newline.
    const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
    appendFileSync(file, `${separator}${lines.join("\n")}\n`);
  }
  console.log(`Admin token is in ${file}`);
  return readDevVars(dir);
}
