/**
 * What one PBKDF2-SHA256 password hash (src/auth/password.ts) costs on this machine: the p50 of
 * sequential registrations, each hashing one new password, minus the p50 of sequential /healthz,
 * the runtime's floor. The difference also holds the registration's D1 insert, its two rate
 * limiter calls and signing the token, so it is an upper bound that those keep to a few ms.
 * One request at a time, so nothing queues behind another hash.
 */
import { call } from "./shop.mjs";
import { latencySummary } from "./stats.mjs";

const ROUTE = "POST /api/v1/auth/register (sequential)";
const PASSWORD = "correct horse battery staple";

/**
 * Register is limited to 30 attempts a minute per `cf-connecting-ip` and 10 per email.
 * wrangler dev passes a client's cf-connecting-ip through to the Worker, so each registration
 * comes from an address (and an email) of its own and the limiters never answer 429.
 */
function register(baseUrl, run, i) {
  return call(baseUrl, "POST", "/api/v1/auth/register", {
    headers: { "cf-connecting-ip": `10.77.${Math.floor(i / 250)}.${(i % 250) + 1}` },
    body: { email: `bench-${run}-${i}@example.com`, password: PASSWORD },
  });
}

async function sequentially(count, fn) {
  const answers = [];
  for (let i = 0; i < count; i++) answers.push(await fn(i));
  return answers;
}

export async function measurePasswordCost({ baseUrl, samples }) {
  console.log(`Measuring PBKDF2: ${samples} sequential registrations against /healthz...`);
  const run = Date.now().toString(36);
  // The first request of each kind pays for warming the isolate; it is not counted.
  const healthz = await sequentially(samples + 1, () => call(baseUrl, "GET", "/healthz"));
  const registrations = await sequentially(samples + 1, (i) => register(baseUrl, run, i));
  const floor = latencySummary(healthz.slice(1).map((a) => a.ms));
  const measured = registrations.slice(1);
  const { p50Ms, p99Ms } = latencySummary(measured.map((a) => a.ms));
  const hashMs = Math.round((p50Ms - floor.p50Ms) * 10) / 10;

  const failed = registrations.filter((a) => a.status !== 201);
  const problems = failed.map((a) => `register answered ${a.status}: ${a.text}`);
  return {
    route: ROUTE,
    reqPerSec: null,
    p50Ms,
    p99Ms,
    target: null,
    notes: `PBKDF2: ~${hashMs} ms per hash (register p50 - /healthz p50 ${floor.p50Ms} ms)`,
    problems,
    details: { samples, healthzP50Ms: floor.p50Ms, registerP50Ms: p50Ms, hashMs },
  };
}
