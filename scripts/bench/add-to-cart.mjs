/**
 * POST /api/v1/cart/items under autocannon, each connection adding to its own guest's cart, so
 * the figure is many shoppers adding at once rather than one cart's Durable Object queueing
 * every request.
 */
import autocannon from "autocannon";
import { autocannonRow, medianRow } from "./report.mjs";
import { cartOf, fillCarts, newGuests } from "./shop.mjs";

const ROUTE = "POST /api/v1/cart/items";
/** A cart holds at most 50 lines (API.md, Cart): each sku in the rotation takes one. */
const MAX_CART_LINES = 50;

/**
 * Each cart cycles through `skus` one unit at a time, so it stays within the cart's limits (50
 * lines, 99 units a line) for skus.length * 99 adds: far more than one connection makes in a run
 * of a few seconds. A request carries its connection's token (set once in setupClient), which
 * tells whose turn in the rotation it is.
 */
function addToCartRequests(skus, start) {
  if (skus.length > MAX_CART_LINES) throw new Error(`at most ${MAX_CART_LINES} skus per cart`);
  const addsPerCart = new Map();
  return [
    {
      method: "POST",
      path: "/api/v1/cart/items",
      setupRequest: (req) => {
        const cart = req.headers.authorization;
        const n = addsPerCart.get(cart) ?? start;
        addsPerCart.set(cart, n + 1);
        return { ...req, body: JSON.stringify({ sku: skus[n % skus.length], quantity: 1 }) };
      },
    },
  ];
}

/** Hands each new autocannon connection the next guest token. */
function tokenPerConnection(tokens) {
  let next = 0;
  return (client) => {
    const token = tokens[next++ % tokens.length];
    client.setHeaders({ authorization: `Bearer ${token}`, "content-type": "application/json" });
  };
}

/** Units in all the carts after the run: shows every connection really had a cart of its own. */
async function unitsInCarts(baseUrl, tokens) {
  const carts = await Promise.all(tokens.map((token) => cartOf(baseUrl, token)));
  return {
    cartsUsed: carts.filter((cart) => cart.itemCount > 0).length,
    units: carts.reduce((sum, cart) => sum + cart.itemCount, 0),
  };
}

/** Puts one unit of each of `skus` into every cart (the lines a full cart starts with). */
async function prefill(baseUrl, tokens, skus) {
  for (const sku of skus) await fillCarts(baseUrl, tokens, () => sku);
}

/**
 * `prefilled`: each cart starts with that many lines (the first skus), so the run measures adds
 * to carts of `prefilled` to skus.length lines; 0 starts from empty carts. The timed part runs
 * `rounds` times on the same carts, `beforeRound` just before each; the row has the rounds'
 * medians.
 */
export async function measureAddToCart({
  baseUrl,
  skus,
  connections,
  duration,
  prefilled = 0,
  rounds = 1,
  beforeRound = async () => {},
}) {
  const tokens = await newGuests(baseUrl, connections);
  await prefill(baseUrl, tokens, skus.slice(0, prefilled));
  const route = prefilled > 0 ? `${ROUTE} (carts of ${prefilled}+ lines)` : ROUTE;
  // One rotation for all the rounds: each cart goes on where its last round stopped.
  const requests = addToCartRequests(skus, prefilled);
  const measured = [];
  for (let round = 1; round <= rounds; round++) {
    await beforeRound();
    console.log(
      `Measuring ${route} for ${duration} s (${connections} carts), round ${round} of ${rounds}...`,
    );
    const result = await autocannon({
      url: baseUrl,
      connections,
      duration,
      requests,
      setupClient: tokenPerConnection(tokens),
    });
    measured.push(autocannonRow(route, "/api/v1/cart/items", result));
  }
  const { cartsUsed, units } = await unitsInCarts(baseUrl, tokens);
  return {
    ...medianRow(measured),
    notes: `${cartsUsed} carts, ${skus.length} skus, ${units} units in carts`,
    details: { carts: connections, cartsUsed, skus: skus.length, unitsInCarts: units, prefilled },
  };
}
