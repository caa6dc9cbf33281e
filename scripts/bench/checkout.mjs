/**
 * POST /api/v1/checkout at a steady concurrency. A checkout empties its cart, so each one needs a
 * shopper of its own: the shoppers and their one-item carts are set up first, then, in each of
 * `rounds` rounds, `concurrency` workers check out that round's share of them one after another
 * while every request is timed.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { checkout, countOrders, fillCarts, newGuests } from "./shop.mjs";
import { countStatuses, latencySummary, mapConcurrently, median } from "./stats.mjs";

const ROUTE = "POST /api/v1/checkout";
/** Fulfillment runs behind checkout (a queue); it should catch up within seconds locally. */
const FULFILLMENT_TIMEOUT_MS = 60_000;

/** Shoppers with one unit each, spread over `skus` so no single sku's inventory is the queue. */
async function shoppersWithCarts(baseUrl, skus, count) {
  const tokens = await newGuests(baseUrl, count);
  await fillCarts(baseUrl, tokens, (i) => skus[i % skus.length]);
  return tokens;
}

/**
 * Waits until no order is left `paid`, so what runs next does not share the CPU with the
 * fulfillment queue. Resolves with the seconds it took, or null if orders were still waiting.
 */
async function fulfillmentCatchUp(baseUrl, adminToken) {
  const started = performance.now();
  while (performance.now() - started < FULFILLMENT_TIMEOUT_MS) {
    if ((await countOrders(baseUrl, adminToken, "paid")) === 0) {
      return (performance.now() - started) / 1000;
    }
    await sleep(500);
  }
  return null;
}

/**
 * `beforeRound` runs just before each round's timed part, once the fulfillment of the rounds
 * before has caught up. Checkouts/s is the rounds' median; p50 and p99 are of every checkout.
 */
export async function measureCheckout({
  baseUrl,
  adminToken,
  skus,
  shoppers,
  concurrency,
  rounds = 1,
  beforeRound = async () => {},
}) {
  console.log(`Preparing ${shoppers} shoppers with one item each...`);
  const tokens = await shoppersWithCarts(baseUrl, skus, shoppers);
  // Unique per run, so keys never collide with another run's on reused state.
  const run = Date.now().toString(36);
  const perRound = Math.ceil(shoppers / rounds);
  const answers = [];
  const measured = [];
  // The slowest round's catch-up, or null once a round's orders were still waiting.
  let fulfilledAfter = 0;
  for (let round = 0; round < rounds; round++) {
    const share = tokens.slice(round * perRound, (round + 1) * perRound);
    await beforeRound();
    console.log(
      `Measuring ${ROUTE}: ${share.length} checkouts, ${concurrency} at a time, round ${round + 1} of ${rounds}...`,
    );
    const started = performance.now();
    const roundAnswers = await mapConcurrently(share, concurrency, (token, i) =>
      checkout(baseUrl, token, `bench-checkout-${run}-${round * perRound + i}`),
    );
    const seconds = (performance.now() - started) / 1000;
    const paid = roundAnswers.filter((a) => a.status === 201).length;
    measured.push({
      reqPerSec: paid / seconds,
      seconds,
      ...latencySummary(roundAnswers.map((a) => a.ms)),
    });
    answers.push(...roundAnswers);
    const caughtUp = await fulfillmentCatchUp(baseUrl, adminToken);
    if (caughtUp === null || fulfilledAfter === null) fulfilledAfter = null;
    else fulfilledAfter = Math.max(fulfilledAfter, caughtUp);
  }
  const seconds = measured.reduce((sum, r) => sum + r.seconds, 0);

  const statuses = countStatuses(answers.map((a) => a.status));
  const paid = statuses[201] ?? 0;
  const problems = [];
  if (paid !== shoppers) {
    const failed = answers.find((a) => a.status !== 201);
    problems.push(
      `${shoppers - paid} of ${shoppers} checkouts failed (statuses ${JSON.stringify(statuses)}), e.g. ${failed.status}: ${failed.text}`,
    );
  }
  if (fulfilledAfter === null) {
    problems.push(`paid orders still not fulfilled ${FULFILLMENT_TIMEOUT_MS / 1000} s later`);
  }
  return {
    route: ROUTE,
    reqPerSec: median(measured.map((r) => r.reqPerSec)),
    ...latencySummary(answers.map((a) => a.ms)),
    target: null,
    notes: `checkouts/s; ${paid}/${shoppers} paid in ${seconds.toFixed(1)} s`,
    problems,
    rounds: measured,
    details: { shoppers, concurrency, statuses, seconds, fulfilledAfterSeconds: fulfilledAfter },
  };
}
