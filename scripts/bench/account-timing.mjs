/**
 * Whether login and password reset take as long for an email with an account as for one
 * without: an attacker timing the answers must learn nothing (docs/api.md, Identity). Sequential
 * pairs, a known and an unknown email in turn, each attempt from a client address of its own so
 * the limiters never answer 429; the row reports each p50 and their ratio (1.00 = alike).
 */
import { call } from "./shop.mjs";
import { latencySummary } from "./stats.mjs";

const ROUTE = "login / reset: known vs unknown email";
const PASSWORD = "correct horse battery staple";

const from = (i) => ({ "cf-connecting-ip": `10.88.${Math.floor(i / 250)}.${(i % 250) + 1}` });

async function pairs(samples, attempt) {
  const known = [];
  const unknown = [];
  // The first pair warms the isolate; it is not counted. The order alternates within pairs.
  for (let i = 0; i <= samples; i++) {
    const order = i % 2 === 0 ? [true, false] : [false, true];
    for (const isKnown of order) {
      const answer = await attempt(isKnown, 2 * i + (isKnown ? 0 : 1));
      if (i > 0) (isKnown ? known : unknown).push(answer);
    }
  }
  return { known, unknown };
}

export async function measureAccountTiming({ baseUrl, samples }) {
  console.log(`Timing login and reset: ${samples} pairs each, known and unknown emails...`);
  const run = Date.now().toString(36);
  const email = `timing-${run}@example.com`;
  // Each reset of a known email is of an account of its own: past 3 an hour an address's resets
  // send nothing, and would be timed as the unknown ones are.
  const known = (i) => `timing-${run}-${i}@example.com`;
  for (let i = 0; i <= 2 * samples + 1; i++) {
    const made = await call(baseUrl, "POST", "/api/v1/auth/register", {
      headers: from(10_000 + i),
      body: { email: i === 0 ? email : known(i), password: PASSWORD },
    });
    if (made.status !== 201) throw new Error(`register answered ${made.status}: ${made.text}`);
  }
  const nobody = (i) => `nobody-${run}-${i}@example.com`;

  const login = await pairs(samples, (isKnown, i) =>
    call(baseUrl, "POST", "/api/v1/auth/login", {
      headers: from(1_000 + i),
      body: { email: isKnown ? email : nobody(i), password: "a wrong password" },
    }),
  );
  const reset = await pairs(samples, (isKnown, i) =>
    call(baseUrl, "POST", "/api/v1/auth/password-reset", {
      headers: from(5_000 + i),
      body: { email: isKnown ? known(i) : nobody(i) },
    }),
  );
  const p50 = (answers) => latencySummary(answers.map((a) => a.ms)).p50Ms;
  const figures = {
    loginKnownP50Ms: p50(login.known),
    loginUnknownP50Ms: p50(login.unknown),
    resetKnownP50Ms: p50(reset.known),
    resetUnknownP50Ms: p50(reset.unknown),
  };
  const ratio = (a, b) => Math.round((a / b) * 100) / 100;
  const loginRatio = ratio(figures.loginKnownP50Ms, figures.loginUnknownP50Ms);
  const resetRatio = ratio(figures.resetKnownP50Ms, figures.resetUnknownP50Ms);
  const expect = (answers, status, what) =>
    answers
      .filter((a) => a.status !== status)
      .map((a) => `${what} answered ${a.status}: ${a.text}`);
  return {
    route: ROUTE,
    reqPerSec: null,
    p50Ms: figures.loginKnownP50Ms,
    p99Ms: null,
    target: null,
    notes:
      `login p50 ${figures.loginKnownP50Ms} vs ${figures.loginUnknownP50Ms} ms (x${loginRatio}); ` +
      `reset p50 ${figures.resetKnownP50Ms} vs ${figures.resetUnknownP50Ms} ms (x${resetRatio})`,
    problems: [
      ...expect([...login.known, ...login.unknown], 401, "login"),
      ...expect([...reset.known, ...reset.unknown], 202, "reset"),
    ],
    details: { samples, ...figures, loginRatio, resetRatio },
  };
}
