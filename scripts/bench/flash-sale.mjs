/**
 * A flash sale: `buyers` shoppers each have one unit of a sku with only `units` in stock in their
 * cart (adding only checks availability, so all of them fit), then all check out at the same
 * moment. Exactly `units` checkouts may succeed, the rest must get 409 `insufficient_stock`, and
 * afterwards the sku must have nothing on hand and nothing left reserved.
 */
import {
  checkout,
  codeOnCarts,
  createProduct,
  fillCarts,
  newGuests,
  setOnHand,
  setShards,
  stockOf,
  usesOf,
} from "./shop.mjs";
import { countStatuses, latencySummary } from "./stats.mjs";

const ROUTE = "POST /api/v1/checkout (flash sale)";

function flashSaleProduct(run) {
  return {
    slug: `bench-flash-sale-${run}`,
    title: "Bench Flash Sale Item",
    description: "A limited item for the flash sale benchmark.",
    category: "bench",
    variants: [
      {
        sku: `BENCH-FLASH-${run}`.toUpperCase(),
        title: "One Size",
        price: { amount: 1000, currency: "USD" },
      },
    ],
  };
}

/** Units of `sku` in the paid orders among the answers. */
function unitsSold(answers, sku) {
  return answers
    .filter((a) => a.status === 201)
    .flatMap((a) => JSON.parse(a.text).lines)
    .filter((line) => line.sku === sku)
    .reduce((sum, line) => sum + line.quantity, 0);
}

/** All checkouts at once; each answer gets `doneMs`, when it came back counted from the start. */
async function stampede(baseUrl, tokens, run) {
  const started = performance.now();
  const answers = await Promise.all(
    tokens.map(async (token, i) => {
      const answer = await checkout(baseUrl, token, `bench-flash-${run}-${i}`);
      return { ...answer, doneMs: performance.now() - started };
    }),
  );
  return { answers, totalMs: performance.now() - started };
}

/** When the `units`-th paid order came back, or null if fewer were paid. */
function soldOutMs(answers, units) {
  const paidAt = answers
    .filter((a) => a.status === 201)
    .map((a) => a.doneMs)
    .sort((a, b) => a - b);
  return paidAt.length >= units ? paidAt[units - 1] : null;
}

/** "409 insufficient_stock" and the like: what the checkouts that did not pay answered. */
function refusals(answers) {
  const codeOf = (text) => {
    try {
      return JSON.parse(text).code;
    } catch {
      return "(not JSON)";
    }
  };
  return countStatuses(
    answers.filter((a) => a.status !== 201).map((a) => `${a.status} ${codeOf(a.text)}`),
  );
}

/** A sold-out sku may only answer 409 insufficient_stock; anything else is a bug to look at. */
const EXPECTED_REFUSAL = "409 insufficient_stock";
/** With a code, a buyer may also find its uses all taken. */
const USED_UP = "409 discount_used_up";

function findProblems({ refused, paid, oversold, after, units, uses }) {
  const problems = [];
  if (oversold > 0) problems.push(`oversold by ${oversold} units`);
  if (paid < units) problems.push(`only ${paid} of ${units} units sold`);
  if (uses && (uses.used > uses.limit || uses.held > 0 || uses.used !== uses.withCode)) {
    problems.push(
      `code: ${uses.used} used of ${uses.limit}, ${uses.held} held, ${uses.withCode} paid orders carry it`,
    );
  }
  const allowed = uses ? [EXPECTED_REFUSAL, USED_UP] : [EXPECTED_REFUSAL];
  const unexpected = Object.keys(refused).filter((answer) => !allowed.includes(answer));
  if (unexpected.length > 0) problems.push(`unexpected answers ${JSON.stringify(refused)}`);
  if (after.onHand !== 0 || after.reserved !== 0) {
    problems.push(`stock after the sale: onHand ${after.onHand}, reserved ${after.reserved}`);
  }
  return problems;
}

/**
 * `shards`: how many stock objects share the sku (1: its one InventoryObject). `codeUses`: every
 * other buyer has a 20 % code of that many uses on the cart, so they race for its uses as all of
 * them race for the units. `beforeMeasure` runs once the buyers' carts are ready, just before the
 * stampede.
 */
export async function runFlashSale({
  baseUrl,
  adminToken,
  buyers,
  units,
  shards = 1,
  codeUses = 0,
  beforeMeasure = async () => {},
}) {
  const run = Date.now().toString(36);
  const product = flashSaleProduct(run);
  const { sku } = product.variants[0];
  await createProduct(baseUrl, adminToken, product);
  await setOnHand(baseUrl, adminToken, sku, units);
  if (shards > 1) await setShards(baseUrl, adminToken, sku, shards);
  console.log(
    `Flash sale: ${buyers} buyers for ${units} units of ${sku} over ${shards} shard(s)...`,
  );
  const tokens = await newGuests(baseUrl, buyers);
  await fillCarts(baseUrl, tokens, () => sku);
  const code = `FLASH-${run}`.toUpperCase();
  if (codeUses > 0) {
    await codeOnCarts(
      baseUrl,
      adminToken,
      code,
      codeUses,
      tokens.filter((_, i) => i % 2 === 0),
    );
  }
  await beforeMeasure();

  const { answers, totalMs } = await stampede(baseUrl, tokens, run);
  const after = await stockOf(baseUrl, adminToken, sku);
  const paid = answers.filter((a) => a.status === 201).length;
  const refused = refusals(answers);
  const sold = unitsSold(answers, sku);
  const oversold = Math.max(0, sold - units);
  const sellOutMs = soldOutMs(answers, units);
  const uses =
    codeUses > 0
      ? {
          ...(await usesOf(baseUrl, adminToken, code)),
          limit: codeUses,
          withCode: answers
            .filter((a) => a.status === 201)
            .filter((a) => JSON.parse(a.text).discounts?.some((d) => d.code === code)).length,
        }
      : null;
  const problems = findProblems({ refused, paid, oversold, after, units, uses });
  const expected = (refused[EXPECTED_REFUSAL] ?? 0) + (refused[USED_UP] ?? 0);
  const soldOut = sellOutMs === null ? "never sold out" : `sold out in ${sellOutMs.toFixed(0)} ms`;
  return {
    route: `${ROUTE}, ${shards} shard${shards > 1 ? "s" : ""}${codeUses > 0 ? `, ${codeUses}-use code` : ""}`,
    reqPerSec: null,
    ...latencySummary(answers.map((a) => a.ms)),
    target: null,
    // Refusals must be cheap: all buyers answered at a fifth of /healthz's rate or better.
    criteria: (baseline) => {
      const limit = buyers / (0.2 * baseline.reqPerSec);
      return [
        { text: "0 oversold", ok: problems.length === 0 },
        { text: `all <= ${limit.toFixed(1)} s`, ok: totalMs / 1000 <= limit },
      ];
    },
    notes:
      `${buyers} at once for ${units} units: ${paid} paid, ${expected} x 409, ` +
      `${buyers - paid - expected} other, oversold ${oversold}, ` +
      `after: onHand ${after.onHand} reserved ${after.reserved}; ` +
      `${soldOut}, all answered in ${totalMs.toFixed(0)} ms` +
      (uses ? `; code used ${uses.used}/${uses.limit}, held ${uses.held}` : ""),
    problems,
    details: {
      sku,
      buyers,
      units,
      paidOrders: paid,
      refused,
      unitsSold: sold,
      oversold,
      stockAfter: after,
      sellOutMs,
      totalMs,
      shards,
      codeUses: uses,
    },
  };
}
