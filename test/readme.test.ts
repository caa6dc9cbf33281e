import { describe, expect, it } from "vitest";
import apiDocs from "../docs/api.md?raw";
import readme from "../README.md?raw";
import deployScript from "../scripts/deploy.mjs?raw";
import startScript from "../scripts/start.mjs?raw";

/** The text of a README section, from its `## ` heading to the next. */
const section = (heading: string) => {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, heading).toBeGreaterThan(-1);
  const end = readme.indexOf("\n## ", start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
};

describe("what a newcomer reads first", () => {
  it("says in the quick start how to pick another port", () => {
    expect(section("Quick start")).toMatch(/PORT=\d+ npm start/);
  });

  it("has npm start print the shop and the dashboard beside the API", () => {
    expect(startScript).toMatch(/Shop: +\$\{baseUrl\}\//);
    expect(startScript).toMatch(/Dashboard: +\$\{baseUrl\}\/admin/);
  });

  it("never deploys the local configuration: npm run deploy needs an environment", () => {
    const pkg = readme.match(/npm run deploy -- --env (staging|production)/);
    expect(pkg).not.toBeNull();
    expect(deployScript).toContain('["staging", "production"]');
    expect(deployScript).toMatch(/process\.exit\(2\)/);
  });

  it("counts the email kinds its table lists", () => {
    const emails = section("Emails");
    const kinds = emails.match(/^\| `order_\w+`/gm) ?? [];
    expect(kinds).toHaveLength(4);
    expect(emails).toMatch(/Four kinds of email/);
  });

  it("gives the same bound as docs/api.md for how far `available` trails", () => {
    const bound = apiDocs.match(/lag the inventory authority by at most (\d+) seconds/)?.[1];
    expect(bound).toBe("5");
    expect(readme).not.toMatch(/≤ ~3 s/);
    expect(readme).toContain(`never more than the ${bound} s docs/api.md promises`);
  });
});
