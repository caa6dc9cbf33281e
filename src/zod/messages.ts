import type { core } from "zod";

/**
 * zod's messages in the words of the shop's pages: what to do, not what the parser found. They
 * replace zod's English ("Too small: expected string to have >=10 characters" becomes "Use at
 * least 10 characters."), in the API's problems as on the pages. A schema's own message, where it
 * gives one, still wins. The Worker's bundle has these in place of zod's English locale
 * (`[alias]` in wrangler.toml); elsewhere ./external.ts sets them over it.
 */
type Issue = core.$ZodRawIssue;

const FORMATS: Record<string, string> = {
  email: "Enter an email address, like name@example.com.",
  url: "Enter a web address, like https://example.com.",
  datetime: "Enter a date and time, like 2026-12-01T09:00:00Z.",
  date: "Enter a date, like 2026-12-01.",
  uuid: "Enter an id in the form it was given.",
};

const KINDS: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

const UNITS: Record<string, [string, string]> = {
  string: ["character", "characters"],
  array: ["item", "items"],
  set: ["item", "items"],
  file: ["byte", "bytes"],
};

const count = (n: number | bigint, origin: string | undefined) => {
  const [one, many] = UNITS[origin ?? ""] ?? ["", ""];
  return `${n}${one ? ` ${n === 1 || n === 1n ? one : many}` : ""}`;
};

const quote = (v: unknown) => (typeof v === "string" ? `“${v}”` : String(v));

function sizeMessage(issue: Issue & { code: "too_small" | "too_big" }): string {
  const small = issue.code === "too_small";
  const limit = small ? issue.minimum : issue.maximum;
  if (issue.origin === "string" && small && limit === 1) return "This is required.";
  const amount = count(limit as number | bigint, issue.origin);
  if (issue.origin in UNITS) {
    if (issue.exact) return `Use exactly ${amount}.`;
    return small ? `Use at least ${amount}.` : `Use at most ${amount}.`;
  }
  if (issue.exact) return `Must be exactly ${amount}.`;
  if (small)
    return issue.inclusive ? `Must be at least ${amount}.` : `Must be more than ${amount}.`;
  return issue.inclusive ? `Must be at most ${amount}.` : `Must be less than ${amount}.`;
}

export function plainMessage(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? "This is required."
        : `Enter ${KINDS[issue.expected] ?? issue.expected}.`;
    case "too_small":
    case "too_big":
      return sizeMessage(issue);
    case "invalid_format":
      return FORMATS[issue.format] ?? "This is not in the expected form.";
    case "invalid_value":
      return issue.values.length === 1
        ? `Must be ${quote(issue.values[0])}.`
        : `Choose one of ${issue.values.map(quote).join(", ")}.`;
    case "not_multiple_of":
      return `Must be a multiple of ${issue.divisor}.`;
    case "unrecognized_keys":
      return `Unknown field${issue.keys.length > 1 ? "s" : ""}: ${issue.keys.join(", ")}.`;
    default:
      return "This is not valid.";
  }
}

/** What zod's locales export: the Worker's bundle takes this in place of `zod/locales/en`. */
export default function messages() {
  return { localeError: plainMessage };
}
