import { describe, expect, it } from "vitest";
import { adminCall, call, createProduct, guest, problemOf, unique } from "./helpers";
import { setUpMarkets } from "./market-helpers";
import { paymentsOf } from "./process-harness";

interface Money {
  amount: number;
  currency: string;
}

interface Cart {
  items: { sku: string; unitPrice: Money; quantity: number }[];
  market: string;
  subtotal: Money;
  shipping?: Money;
  tax: Money;
  taxLines: { name: string; rate: number; amount: Money }[];
  total: Money;
  pricesIncludeTax: boolean;
}

interface Order {
  id: string;
  number: string;
  market: string;
  currency: string;
  subtotal: Money;
  discountTotal: Money;
  shipping: Money;
  tax: Money;
  taxLines: Cart["taxLines"];
  total: Money;
  pricesIncludeTax: boolean;
  shippingMethod: { id: string; name: string };
}

const money = (amount: number, currency: string) => ({ amount, currency });

/** A product sold everywhere (a standard and a reduced-rate sku), and one sold in the US only. */
async function catalog() {
  const slug = unique("goods");
  const all = [
    { market: "eu", price: money(2290, "EUR") },
    { market: "gb", price: money(1995, "GBP") },
    { market: "jp", price: money(3300, "JPY") },
  ];
  const book = [
    { market: "eu", price: money(1500, "EUR") },
    { market: "gb", price: money(1200, "GBP") },
    { market: "jp", price: money(2000, "JPY") },
  ];
  await createProduct({
    slug,
    variants: [
      {
        sku: `${slug}-shirt`.toUpperCase(),
        title: "Shirt",
        price: money(2450, "USD"),
        stock: 50,
        prices: all,
      },
      {
        sku: `${slug}-book`.toUpperCase(),
        title: "Book",
        price: money(1800, "USD"),
        stock: 50,
        taxClass: "reduced",
        prices: book,
      },
      { sku: `${slug}-local`.toUpperCase(), title: "US only", price: money(900, "USD"), stock: 50 },
      {
        sku: `${slug}-gift`.toUpperCase(),
        title: "Gift card",
        price: money(1000, "USD"),
        stock: 50,
        taxClass: "zero",
        prices: [{ market: "gb", price: money(1000, "GBP") }],
      },
    ],
  });
  return {
    gift: `${slug}-gift`.toUpperCase(),
    shirt: `${slug}-shirt`.toUpperCase(),
    book: `${slug}-book`.toUpperCase(),
    local: `${slug}-local`.toUpperCase(),
  };
}

async function add(token: string, market: string, sku: string, quantity: number) {
  const res = await call("POST", "/api/v1/cart/items", {
    token,
    body: { sku, quantity },
    headers: { "x-market": market },
  });
  return res;
}

async function cartIn(token: string, market: string, query = "") {
  const res = await call("GET", `/api/v1/cart?market=${market}${query}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()) as Cart;
}

const addressIn = (country: string, region?: string) => ({
  name: "Ada Lovelace",
  line1: "1 Some Street",
  city: "Somewhere",
  postalCode: "12345",
  country,
  ...(region ? { region } : {}),
});

async function checkoutIn(token: string, market: string, body: Record<string, unknown>) {
  const res = await call("POST", `/api/v1/checkout?market=${market}`, {
    token,
    body: { email: "ada@example.com", payment: { token: "tok_visa" }, ...body },
    headers: { "idempotency-key": unique("key") },
  });
  return res;
}

describe("a cart in a market", () => {
  it("is priced in the market's currency with the tax its prices include (EU, DE)", async () => {
    await setUpMarkets();
    const { shirt } = await catalog();
    const { token } = await guest();
    expect((await add(token, "eu", shirt, 2)).status).toBe(200);
    const cart = await cartIn(token, "eu", "&country=DE");
    expect(cart.market).toBe("eu");
    expect(cart.pricesIncludeTax).toBe(true);
    expect(cart.subtotal).toEqual(money(4580, "EUR"));
    expect(cart.shipping).toEqual(money(490, "EUR"));
    // 4,580 contains 4,580 − 4,580 / 1.19 = 731; the shipping's 490 contains 78.
    expect(cart.taxLines).toEqual([{ name: "MwSt.", rate: 1900, amount: money(809, "EUR") }]);
    expect(cart.tax).toEqual(money(809, "EUR"));
    expect(cart.total).toEqual(money(5070, "EUR"));
  });

  it("adds tax on top where prices exclude it, by state (US, CA) and not where no rate is set", async () => {
    await setUpMarkets();
    const { shirt } = await catalog();
    const { token } = await guest();
    await add(token, "us", shirt, 1);
    const cart = await cartIn(token, "us", "&country=US");
    expect([
      cart.subtotal.amount,
      cart.shipping?.amount,
      cart.tax.amount,
      cart.total.amount,
    ]).toEqual([2450, 500, 0, 2950]);
  });

  it("taxes nothing of a zero-rated line, and the shipping at its own class", async () => {
    await setUpMarkets();
    const { gift, shirt } = await catalog();
    const { token } = await guest();
    await add(token, "gb", gift, 2);
    const alone = await cartIn(token, "gb", "&country=GB");
    // 20.00 of gift cards: untaxed; the 3.95 shipping is standard-rated and contains 0.66.
    expect(alone.taxLines).toEqual([{ name: "VAT", rate: 2000, amount: money(66, "GBP") }]);
    expect(alone.total).toEqual(money(2395, "GBP"));
    await add(token, "gb", shirt, 1);
    const mixed = await cartIn(token, "gb", "&country=GB");
    // The shirt's 19.95 contains 3.32 (19.95 / 1.2 = 16.625 rounds to 16.63), the shipping 0.66.
    expect(mixed.tax).toEqual(money(332 + 66, "GBP"));
    expect(mixed.total).toEqual(money(2000 + 1995 + 395, "GBP"));
  });

  it("moves to another market repriced, or says which lines cannot move", async () => {
    await setUpMarkets();
    const { shirt, local } = await catalog();
    const { token } = await guest();
    await add(token, "eu", shirt, 1);
    const jp = await cartIn(token, "jp");
    expect(jp.market).toBe("jp");
    expect(jp.items[0]?.unitPrice).toEqual(money(3300, "JPY"));
    expect(jp.total.currency).toBe("JPY");
    // Back to the US, where another line is added that Japan does not sell.
    await add(token, "us", local, 1);
    const refused = await call("GET", "/api/v1/cart", { token, headers: { "x-market": "jp" } });
    expect(refused.status).toBe(409);
    const problem = await problemOf(refused);
    expect(problem.code).toBe("market_mismatch");
    expect(problem.errors).toEqual([{ path: `items.${local}`, message: "not sold in Japan" }]);
    // The US cart is as it was; adding the US-only sku in Japan is a 404.
    expect((await cartIn(token, "us")).items.map((i) => i.sku)).toEqual([shirt, local]);
    const notSold = await add(token, "jp", local, 1);
    expect(notSold.status).toBe(409);
    // Removing the line that cannot move, from Japan, moves the rest there.
    const removed = await call("DELETE", `/api/v1/cart/items/${local}?market=jp`, { token });
    expect(removed.status).toBe(200);
    expect(((await removed.json()) as Cart).market).toBe("jp");
  });

  it("does not add a sku with no price in the market: 404 not_found", async () => {
    await setUpMarkets();
    const { local } = await catalog();
    const { token } = await guest();
    const res = await add(token, "gb", local, 1);
    expect(res.status).toBe(404);
    expect((await problemOf(res)).code).toBe("not_found");
  });

  it("lists the shipping options for a country, cheapest first, and none where nothing ships", async () => {
    await setUpMarkets();
    const { shirt } = await catalog();
    const { token } = await guest();
    await add(token, "gb", shirt, 1);
    const options = async (country: string, market = "gb") => {
      const res = await call(
        "GET",
        `/api/v1/cart/shipping-options?country=${country}&market=${market}`,
        { token },
      );
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { id: string; price: Money }[] }).items;
    };
    expect(await options("GB")).toEqual([
      {
        id: "gb-royal-mail",
        name: "Royal Mail 2nd Class",
        price: money(395, "GBP"),
        estimate: "2–3 working days",
      },
      {
        id: "gb-next-day",
        name: "Next day",
        price: money(995, "GBP"),
        estimate: "Next working day",
      },
    ]);
    expect(await options("JP")).toEqual([]);
    // The default market ships everywhere: its own zone at home, the flat rule elsewhere.
    expect((await options("BR", "us")).map((o) => [o.id, o.price.amount])).toEqual([
      ["standard", 500],
    ]);
    const bad = await call("GET", "/api/v1/cart/shipping-options?country=germany", { token });
    expect(bad.status).toBe(400);
  });
});

describe("racing a move between markets", () => {
  it("never leaves a cart in a market with a line that has no price there", async () => {
    await setUpMarkets();
    const { shirt, local } = await catalog();
    for (let trial = 0; trial < 6; trial++) {
      const { token } = await guest();
      await add(token, "us", shirt, 1);
      const [added, moved] = await Promise.all([
        add(token, "us", local, 1),
        call("GET", "/api/v1/cart?market=jp", { token }),
      ]);
      expect(added.status).toBe(200);
      expect([200, 409]).toContain(moved.status);
      // However they interleaved, the cart is in the US with both lines, and Japan refuses it.
      expect((await cartIn(token, "us")).items.map((i) => i.sku).sort()).toEqual(
        [local, shirt].sort(),
      );
      const jp = await call("GET", "/api/v1/cart?market=jp", { token });
      expect(jp.status).toBe(409);
      expect((await problemOf(jp)).code).toBe("market_mismatch");
    }
  });

  it("charges a checkout in the market it was asked in, whatever move races it", async () => {
    await setUpMarkets();
    const { shirt } = await catalog();
    for (let trial = 0; trial < 4; trial++) {
      const { token } = await guest();
      await add(token, "eu", shirt, 1);
      const [paid, moved] = await Promise.all([
        checkoutIn(token, "eu", { shippingAddress: addressIn("DE") }),
        call("GET", "/api/v1/cart?market=jp", { token }),
      ]);
      expect(paid.status).toBe(201);
      const order = (await paid.json()) as Order;
      expect([order.currency, order.subtotal.amount]).toEqual(["EUR", 2290]);
      expect(paymentsOf([order.id])).toMatchObject([
        { amount: order.total.amount, currency: "EUR" },
      ]);
      // The move either came first (and the checkout still priced in euros) or waited its turn.
      expect([200, 409]).toContain(moved.status);
      expect((await cartIn(token, "jp")).items).toEqual([]);
    }
  });
});

describe("checkout in each market", () => {
  it("charges what the cart showed, in the market's currency, and keeps tax lines on the order", async () => {
    await setUpMarkets();
    const { shirt, book } = await catalog();
    const cases = [
      // market, address, method, expected [subtotal, shipping, tax, total], tax lines
      // CA taxes the shirt (178) and the shipping (36); it sets no reduced rate, so not the book.
      [
        "us",
        addressIn("US", "CA"),
        undefined,
        [4250, 500, 214, 4964],
        [["CA sales tax", 725, 214]],
      ],
      // Included: shirt 382 + express 215 at 20 %, the book 78 at 5.5 %.
      [
        "eu",
        addressIn("FR"),
        "eu-express",
        [3790, 1290, 675, 5080],
        [
          ["TVA", 2000, 597],
          ["TVA réduite", 550, 78],
        ],
      ],
      // The shirt's 1,995 contains 332 (1,662.5 rounds away from zero), next day's 995 contains 166.
      ["gb", addressIn("GB"), "gb-next-day", [3195, 995, 498, 4190], [["VAT", 2000, 498]]],
      // The cool parcel is taxed at the reduced rate, as the book is.
      [
        "jp",
        addressIn("JP", "Tokyo"),
        "jp-cool",
        [5300, 1200, 537, 6500],
        [
          ["消費税", 1000, 300],
          ["消費税 (軽減)", 800, 237],
        ],
      ],
    ] as const;
    for (const [
      market,
      shippingAddress,
      shippingMethod,
      [subtotal, shipping, tax, total],
      lines,
    ] of cases) {
      const { token } = await guest();
      await add(token, market, shirt, 1);
      await add(token, market, book, 1);
      const shown = await cartIn(
        token,
        market,
        `&country=${shippingAddress.country}${"region" in shippingAddress ? `&region=${shippingAddress.region}` : ""}${shippingMethod ? `&shippingMethod=${shippingMethod}` : ""}`,
      );
      const res = await checkoutIn(token, market, {
        shippingAddress,
        ...(shippingMethod ? { shippingMethod } : {}),
        expectedTotal: shown.total,
      });
      expect(res.status, `${market}: ${await res.clone().text()}`).toBe(201);
      const order = (await res.json()) as Order;
      const currency = shown.total.currency;
      expect(order.market).toBe(market);
      expect(order.currency).toBe(currency);
      expect(
        [order.subtotal.amount, order.shipping.amount, order.tax.amount, order.total.amount],
        market,
      ).toEqual([subtotal, shipping, tax, total]);
      expect(
        order.taxLines.map((l) => [l.name, l.rate, l.amount.amount]),
        market,
      ).toEqual(lines);
      expect(order.discountTotal).toEqual(money(0, currency));
      expect(order.pricesIncludeTax).toBe(market !== "us");
      // The contract's invariant, both ways round.
      const sum = order.subtotal.amount - order.discountTotal.amount + order.shipping.amount;
      expect(order.total.amount).toBe(order.pricesIncludeTax ? sum : sum + order.tax.amount);
      // Authorized in the order's currency, for its total.
      expect(paymentsOf([order.id])).toMatchObject([
        { amount: total, currency, state: "captured" },
      ]);
      // The order as its page and the API read it back.
      const read = (await (
        await call("GET", `/api/v1/orders/${order.id}`, { token })
      ).json()) as Order;
      expect(read).toMatchObject({
        number: order.number,
        market,
        tax: order.tax,
        taxLines: order.taxLines,
        shippingMethod: order.shippingMethod,
      });
    }
  });

  it("refuses an expected total that leaves out the tax: 409 price_changed, nothing charged", async () => {
    await setUpMarkets();
    const { shirt } = await catalog();
    const { token } = await guest();
    await add(token, "us", shirt, 1);
    const res = await checkoutIn(token, "us", {
      shippingAddress: addressIn("US", "NY"),
      expectedTotal: money(2450 + 500, "USD"),
    });
    expect(res.status).toBe(409);
    const problem = await problemOf(res);
    expect(problem.code).toBe("price_changed");
    // 2,450 + 500 at NY's 4 %: 98 + 20.
    expect(problem.detail).toContain("$30.68");
  });

  it("refuses a country nothing ships to (409 shipping_unavailable) and an unknown method (400)", async () => {
    await setUpMarkets();
    const { shirt } = await catalog();
    const { token } = await guest();
    await add(token, "eu", shirt, 1);
    const far = await checkoutIn(token, "eu", { shippingAddress: addressIn("US", "CA") });
    expect(far.status).toBe(409);
    expect((await problemOf(far)).code).toBe("shipping_unavailable");
    const method = await checkoutIn(token, "eu", {
      shippingAddress: addressIn("DE"),
      shippingMethod: "gb-next-day",
    });
    expect(method.status).toBe(400);
    expect((await problemOf(method)).errors?.[0]?.path).toBe("shippingMethod");
    // The default market ships anywhere with the flat rule.
    const { token: other } = await guest();
    await add(other, "us", shirt, 1);
    const anywhere = await checkoutIn(other, "us", { shippingAddress: addressIn("BR") });
    expect(anywhere.status).toBe(201);
    expect(((await anywhere.json()) as Order).shippingMethod).toEqual({
      id: "standard",
      name: "Standard shipping",
    });
  });

  it("refunds a taxed order for exactly what was captured, never more", async () => {
    await setUpMarkets();
    const { shirt } = await catalog();
    const { token } = await guest();
    await add(token, "gb", shirt, 3);
    const paid = await checkoutIn(token, "gb", { shippingAddress: addressIn("GB") });
    const order = (await paid.json()) as Order;
    const cancelled = await adminCall("POST", `/api/v1/admin/orders/${order.id}/cancel`);
    expect(cancelled.status).toBe(200);
    const [payment] = paymentsOf([order.id]);
    expect(payment).toMatchObject({
      amount: order.total.amount,
      state: "refunded",
      refunded: order.total.amount,
    });
  });

  it("numbers orders one after another", async () => {
    await setUpMarkets();
    const { shirt } = await catalog();
    const numbers: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { token } = await guest();
      await add(token, "us", shirt, 1);
      const res = await checkoutIn(token, "us", { shippingAddress: addressIn("US", "CA") });
      numbers.push(Number(((await res.json()) as Order).number));
    }
    expect(numbers[1]).toBe((numbers[0] ?? 0) + 1);
    expect(numbers[2]).toBe((numbers[0] ?? 0) + 2);
    expect(numbers[0]).toBeGreaterThan(1000);
  });
});
