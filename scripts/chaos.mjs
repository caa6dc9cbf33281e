/**
 * `npm run chaos`: many shoppers with multi-line carts check out at once while the dev server is
 * SIGKILLed at random moments and restarted on the same state; then, from outside, through the
 * API only, it checks that money and stock settled: no double charge, nothing oversold, nothing
 * left reserved, no key stuck, every order final and every paid order fulfilled, within 60 s
 * of the last restart. Then it refunds the sold orders through one more kill (see
 * `chaos/refunds.mjs`), while every other order's shopper returns a unit (`chaos/returns.mjs`):
 * no order refunded above what it captured, none left pending, every return received and its
 * unit back on hand exactly once. Prints one
 * table row per run.
 *
 *   npm run chaos -- --runs 5 --shoppers 40 --kills 3
 *
 * PORT (default 8797) picks the port. Each run uses a fresh state directory of its own.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { checkInvariants, sendCheckout, waitForSettled } from "./chaos/invariants.mjs";
import { checkRefunds, refundThroughKill } from "./chaos/refunds.mjs";
import { checkReturns, onHandOf, plannedReturns, returnThroughKill } from "./chaos/returns.mjs";
import { call, createCode, createGiftCard, createShoppers, stockSkus } from "./chaos/shop.mjs";
import { ensureDevVars } from "./dev-vars.mjs";
import { waitForServer } from "./load-catalog.mjs";
import { applyMigrations, ROOT, startDevServer, stopDevServer } from "./wrangler.mjs";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    shoppers: { type: "string", default: "40" },
    kills: { type: "string", default: "3" },
    settle: { type: "string", default: "60" },
  },
});
const port = Number(process.env.PORT ?? 8797);
const baseUrl = `http://127.0.0.1:${port}`;
const STARTUP_TIMEOUT_MS = 120_000;
const SPREAD_MS = 1_500;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const random = (min, max) => min + Math.floor(Math.random() * (max - min + 1));

async function start(stateDir) {
  const server = startDevServer({ port, persistTo: stateDir, output: "ignore" });
  await waitForServer(baseUrl, STARTUP_TIMEOUT_MS);
  return server;
}

/**
 * Every shopper checks out its cart (some twice at once with another key, as two tabs would)
 * while the server is killed `kills` times at random moments. A shopper whose request died
 * retries the same key after the restart, half of them only: the other half must be settled by
 * the server alone.
 */
async function shopThroughKills(stateDir, shoppers, kills) {
  let server = await start(stateDir);
  const attempt = async (shopper, key) => {
    try {
      const answer = await sendCheckout(baseUrl, shopper, key);
      shopper.answers.set(key, answer);
      return answer.status;
    } catch {
      // Died with the server: what that key settled to is learnt by replaying it at the end.
      if (!shopper.answers.has(key)) shopper.answers.set(key, { status: "killed", code: null });
      return "killed";
    }
  };
  for (let k = 0; k < kills; k++) {
    // Shoppers arrive over 1.5 s and the kill falls at a random moment in between, so it finds
    // checkouts at every step: arriving, holding stock, paying, emptying carts, fulfilling.
    const round = shoppers.map(async (s) => {
      await sleep(random(0, SPREAD_MS));
      const tabs = [attempt(s, s.key)];
      if (Math.random() < 0.3) tabs.push(attempt(s, `${s.key}-tab2-${k}`));
      s.statuses.push(...(await Promise.all(tabs)));
    });
    await sleep(random(200, SPREAD_MS));
    await stopDevServer(server, "SIGKILL");
    await Promise.all(round);
    server = await start(stateDir);
    // Retries after the restart, with the same key, by half of the shoppers whose request died.
    for (const s of shoppers) {
      if (s.statuses.at(-1) === "killed" && s.retries) s.statuses.push(await attempt(s, s.key));
    }
  }
  return { server, lastRestart: Date.now() };
}

async function oneRun(run, adminToken) {
  const stateDir = mkdtempSync(join(tmpdir(), "storefront-chaos-"));
  try {
    applyMigrations({ persistTo: stateDir, stdio: "ignore" });
    let server = await start(stateDir);
    const skus = await stockSkus(baseUrl, adminToken, 6, 25);
    // Fewer uses than the half of the shoppers who apply it.
    const code = await createCode(
      baseUrl,
      adminToken,
      Math.max(1, Math.floor(Number(args.shoppers) / 5)),
    );
    // About $10 a shopper, for the third of them who pay part with it: it runs out.
    const giftCard = await createGiftCard(baseUrl, adminToken, Number(args.shoppers) * 1000);
    const shoppers = await createShoppers(baseUrl, Number(args.shoppers), skus, code, giftCard);
    await stopDevServer(server, "SIGTERM");
    const result = await shopThroughKills(stateDir, shoppers, Number(args.kills));
    server = result.server;
    const settled = await waitForSettled(baseUrl, adminToken, shoppers, skus, {
      timeoutMs: Number(args.settle) * 1000,
      code,
      giftCard,
    });
    const found = await checkInvariants(baseUrl, adminToken, shoppers, skus, { code, giftCard });
    // Then refunds of every sold order, racing each other and a kill.
    const sold = (
      await call(baseUrl, "GET", "/api/v1/admin/orders?status=fulfilled&limit=100", {
        token: adminToken,
      })
    ).body.items;
    // And returns of a unit of every other one, racing the refunds and the same kill.
    const returns = plannedReturns(sold, shoppers);
    const onHandBefore = await onHandOf(baseUrl, adminToken, returns);
    const returning = returnThroughKill(baseUrl, adminToken, returns);
    const refundAnswers = await refundThroughKill(baseUrl, adminToken, sold, async () => {
      await stopDevServer(server, "SIGKILL");
      server = await start(stateDir);
    });
    const returnAnswers = await returning;
    const returned = await checkReturns(baseUrl, adminToken, returns, onHandBefore);
    const refunds = await checkRefunds(
      baseUrl,
      adminToken,
      sold.map((o) => o.id),
    );
    await stopDevServer(server, "SIGTERM");
    return {
      run,
      kills: Number(args.kills),
      shoppers: shoppers.length,
      answers: histogram(shoppers.flatMap((s) => s.statuses)),
      paid: found.paid,
      notPaid: found.notPaid,
      undoneAfterCrash: found.undone,
      doubleCharges: found.doubleCharges,
      oversold: found.oversold,
      reservedLeft: found.reservedLeft,
      keysStuck: found.keysStuck,
      answeredInternal: found.answeredInternal,
      ordersNotFinal: found.ordersNotFinal,
      paidUnfulfilled: found.paidUnfulfilled,
      cartsWrong: found.cartsWrong,
      codeUsed: found.codeUsed,
      redemptionsWrong: found.redemptionsWrong,
      giftCardSpent: found.giftCardSpent,
      giftCardDrift: found.giftCardDrift,
      refundAnswers,
      refundedAboveCaptured: refunds.refundedAboveCaptured,
      refundsPending: refunds.refundsPending,
      refundedTotalWrong: refunds.refundedTotalWrong,
      returnAnswers,
      returnsStuck: returned.returnsStuck,
      restockWrong: returned.restockWrong,
      settledInS: settled.ok ? Math.round((settled.at - result.lastRestart) / 100) / 10 : "no",
    };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}

/** "201×12 409×3 killed×20": how the checkout requests were answered. */
function histogram(statuses) {
  const counts = new Map();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([s, n]) => `${s}×${n}`).join(" ");
}

async function main() {
  const { ADMIN_TOKEN } = ensureDevVars(ROOT);
  const rows = [];
  for (let run = 1; run <= Number(args.runs); run++) {
    rows.push(await oneRun(run, ADMIN_TOKEN));
    console.table(rows.slice(-1));
  }
  console.log("\nAll runs:");
  console.table(rows);
  const bad = rows.filter(
    (r) =>
      r.doubleCharges +
        r.oversold +
        r.reservedLeft +
        r.keysStuck +
        r.answeredInternal +
        r.ordersNotFinal +
        r.paidUnfulfilled +
        r.cartsWrong +
        r.redemptionsWrong +
        r.giftCardDrift +
        r.refundedAboveCaptured +
        r.refundsPending +
        r.refundedTotalWrong +
        r.returnsStuck +
        r.restockWrong >
        0 || r.settledInS === "no",
  );
  console.log(
    bad.length === 0 ? "Every invariant held." : `${bad.length} run(s) broke an invariant.`,
  );
  process.exit(bad.length === 0 ? 0 : 1);
}

main().catch((err) => {
  console.error(`npm run chaos failed: ${err.stack ?? err}`);
  process.exit(1);
});
