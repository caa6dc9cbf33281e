import { describe, expect, it } from "vitest";
import { addToCart, checkout, checkoutBody } from "./checkout-helpers";
import {
  ADMIN_TOKEN,
  adminCall,
  browser,
  call,
  createProduct,
  guest,
  problemOf,
  unique,
} from "./helpers";

interface Money {
  amount: number;
  currency: string;
}
interface Cart {
  discounts: { code: string | null; title: string; amount: Money }[];
  subtotal: Money;
  shipping?: Money;
  total: Money;
}
interface Order {
  discountTotal: Money;
  discounts: { code: string | null; title: string; amount: Money }[];
  lines: { sku: string; discount?: Money }[];
  total: Money;
}

/** A product in its own category with one sku per price: promotions of one test touch no other. */
async function productIn(prices: number[]) {
  const category = unique("cat").toLowerCase();
  const slug = unique("prod");
  const skus = prices.map((_, i) => `${slug}-${i}`.toUpperCase());
  await createProduct({
    slug,
    category,
    variants: prices.map((amount, i) => ({
      sku: skus[i],
      title: `V${i}`,
      price: { amount, currency: "USD" },
      stock: 50,
    })),
  });
  return { category, skus };
}

async function newPromotion(body: Record<string, unknown>) {
  const res = await adminCall("POST", "/api/v1/admin/promotions", body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; status: string };
}

const cartOf = async (token: string) =>
  (await (await call("GET", "/api/v1/cart", { token })).json()) as Cart;

describe("automatic promotions", () => {
  it("apply to every cart they fit without a code, and the order is charged what the cart showed", async () => {
    const { category, skus } = await productIn([4000, 1000]);
    const promotion = await newPromotion({
      title: "10% off this weekend",
      kind: "percentage",
      value: 10,
      categories: [category],
    });
    const { token } = await guest();
    await addToCart(token, skus[0] ?? "", 2);
    const cart = await cartOf(token);
    expect(cart.discounts).toEqual([
      { code: null, title: "10% off this weekend", amount: { amount: 800, currency: "USD" } },
    ]);
    const paid = await checkout(token, { ...checkoutBody(), expectedTotal: cart.total });
    expect(paid.status, await paid.clone().text()).toBe(201);
    const order = (await paid.json()) as Order;
    expect(order.total).toEqual(cart.total);
    expect(order.discountTotal.amount).toBe(800);
    expect(order.discounts).toEqual(cart.discounts);
    expect(order.lines[0]?.discount?.amount).toBe(800);
    const paused = await adminCall("PATCH", `/api/v1/admin/promotions/${promotion.id}`, {
      status: "paused",
    });
    expect(paused.status).toBe(200);
    const { token: other } = await guest();
    await addToCart(other, skus[0] ?? "", 1);
    expect((await cartOf(other)).discounts).toEqual([]);
  });

  it("buy 2 get 1: the cheapest of every three targeted units is free, and a code stacks on what is left", async () => {
    const { skus } = await productIn([3000, 1200]);
    await newPromotion({
      title: "Buy 2, get the cheapest free",
      kind: "buy_x_get_y",
      buyQuantity: 2,
      getQuantity: 1,
      skus,
    });
    const code = unique("STACK")
      .replace(/[^A-Za-z0-9-]/g, "")
      .slice(0, 32);
    await adminCall("POST", "/api/v1/admin/discounts", {
      code,
      kind: "percentage",
      value: 10,
      skus,
    });
    const { token } = await guest();
    await addToCart(token, skus[0] ?? "", 2);
    await addToCart(token, skus[1] ?? "", 1);
    const applied = await call("POST", "/api/v1/cart/discounts", { token, body: { code } });
    expect(applied.status).toBe(200);
    const cart = (await applied.json()) as Cart;
    // 7,200 − 1,200 free = 6,000; then 10 % of that.
    expect(cart.discounts.map((d) => [d.code, d.amount.amount])).toEqual([
      [null, 1200],
      [code, 600],
    ]);
    expect(cart.subtotal.amount - cart.discounts.reduce((a, d) => a + d.amount.amount, 0)).toBe(
      5400,
    );
    const paid = await checkout(token, { ...checkoutBody(), expectedTotal: cart.total });
    expect(paid.status).toBe(201);
    const order = (await paid.json()) as Order;
    expect(order.discounts.map((d) => d.amount.amount)).toEqual([1200, 600]);
    expect(order.lines.map((l) => l.discount?.amount)).toEqual([600, 1200]);
  });

  it("refuses what cannot work: an unknown category or sku, a bad value, an edit of an ended one", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: "percentage", value: 10, categories: ["no-such-category"] }, "categories"],
      [{ kind: "percentage", value: 10, skus: ["NO-SUCH-SKU"] }, "skus"],
      [{ kind: "percentage", value: 120 }, "value"],
      [{ kind: "fixed", value: 500 }, "currency"],
      [{ kind: "free_shipping", buyQuantity: 2 }, "buyQuantity"],
      [{ kind: "percentage", value: 10, markets: ["nowhere"] }, "markets"],
    ];
    for (const [body, path] of cases) {
      const res = await adminCall("POST", "/api/v1/admin/promotions", { title: "T", ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await problemOf(res)).errors?.map((e) => e.path)).toContain(path);
    }
    const { skus } = await productIn([1000]);
    const made = await newPromotion({ title: "Short", kind: "percentage", value: 5, skus });
    const path = `/api/v1/admin/promotions/${made.id}`;
    expect((await adminCall("PATCH", path, { value: 150 })).status).toBe(400);
    expect((await adminCall("PATCH", path, { title: null })).status).toBe(400);
    const edited = await adminCall("PATCH", path, { value: 15, endsAt: "2099-01-01T00:00:00Z" });
    expect(await edited.json()).toMatchObject({ value: 15, endsAt: "2099-01-01T00:00:00Z" });
    expect((await adminCall("PATCH", path, { endsAt: null })).status).toBe(200);
    expect(
      ((await (await adminCall("GET", path)).json()) as { endsAt: unknown }).endsAt,
    ).toBeNull();
    expect((await adminCall("PATCH", path, { status: "ended" })).status).toBe(200);
    const again = await adminCall("PATCH", path, { status: "active" });
    expect(again.status).toBe(409);
    expect((await adminCall("GET", "/api/v1/admin/promotions/promo_none")).status).toBe(404);
    const list = (await (await adminCall("GET", "/api/v1/admin/promotions")).json()) as {
      items: { id: string; status: string }[];
    };
    expect(list.items.find((p) => p.id === made.id)?.status).toBe("ended");
  });
});

describe("editing a discount code", () => {
  it("changes its limits and dates (null removes one), checked as a new code would be", async () => {
    const code = unique("EDIT")
      .replace(/[^A-Za-z0-9-]/g, "")
      .slice(0, 32);
    await adminCall("POST", "/api/v1/admin/discounts", {
      code,
      kind: "percentage",
      value: 10,
      usageLimit: 5,
      endsAt: "2099-01-01T00:00:00Z",
    });
    const path = `/api/v1/admin/discounts/${code}`;
    const edited = await adminCall("PATCH", path, { usageLimit: 50, endsAt: null, value: 25 });
    expect(await edited.json()).toMatchObject({ usageLimit: 50, endsAt: null, value: 25 });
    const bad = await adminCall("PATCH", path, { value: 101 });
    expect(bad.status).toBe(400);
    expect((await adminCall("PATCH", path, { categories: ["nope-none"] })).status).toBe(400);
  });
});

describe("promotions in the back office", () => {
  it("creates, edits and pauses an automatic promotion from the Promotions page", async () => {
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const { category } = await productIn([1000]);
    const made = await b.post("/admin/promotions", {
      title: "Footwear weekend",
      kind: "percentage",
      value: "10",
      currency: "",
      buyQuantity: "",
      getQuantity: "",
      categories: category,
      skus: "",
      markets: "",
      minSubtotal: "",
      startsAt: "",
      endsAt: "",
      position: "",
    });
    expect(made.status, await made.clone().text()).toBe(303);
    const list = (await (await adminCall("GET", "/api/v1/admin/promotions")).json()) as {
      items: { id: string; title: string; categories: string[] }[];
    };
    const promotion = list.items.find((p) => p.title === "Footwear weekend");
    expect(promotion?.categories).toEqual([category]);
    const page = await (await b.get("/admin/promotions")).text();
    expect(page).toContain("Footwear weekend");
    const edit = await b.get(`/admin/promotions/${promotion?.id}`);
    expect(await edit.text()).toContain('value="Footwear weekend"');
    const saved = await b.post(`/admin/promotions/${promotion?.id}`, {
      title: "Footwear weekend",
      kind: "percentage",
      value: "15",
      categories: category,
    });
    expect(saved.status).toBe(303);
    const paused = await b.post(`/admin/promotions/${promotion?.id}/status`, { status: "paused" });
    expect(paused.status).toBe(303);
    const read = await (await adminCall("GET", `/api/v1/admin/promotions/${promotion?.id}`)).json();
    expect(read).toMatchObject({ value: 15, status: "paused" });
    const bad = await b.post("/admin/promotions", { title: "", kind: "percentage", value: "300" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Please correct the marked fields.");
  });
});

describe("a discount code's page in the back office", () => {
  it("creates a code aimed at a category with a minimum, then edits its limits and removes its end", async () => {
    const b = browser();
    expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
    const { category } = await productIn([1000]);
    const code = unique("PAGE")
      .replace(/[^A-Za-z0-9-]/g, "")
      .slice(0, 32);
    const made = await b.post("/admin/discounts", {
      code,
      kind: "fixed",
      value: "5",
      currency: "usd",
      usageLimit: "10",
      perCustomerLimit: "",
      minSubtotal: "20.00 USD",
      categories: category,
      skus: "",
      markets: "",
      startsAt: "",
      endsAt: "2099-01-01T00:00",
    });
    expect(made.status, await made.clone().text()).toBe(303);
    const path = `/api/v1/admin/discounts/${code}`;
    expect(await (await adminCall("GET", path)).json()).toMatchObject({
      value: 500,
      categories: [category],
      minSubtotal: { amount: 2000, currency: "USD" },
      endsAt: "2099-01-01T00:00:00Z",
    });
    const page = await (await b.get(`/admin/discounts/${code}`)).text();
    expect(page).toContain(`value="${category}"`);
    expect(page).toContain('value="20.00 USD"');
    const saved = await b.post(`/admin/discounts/${code}`, {
      kind: "fixed",
      value: "7.50",
      currency: "USD",
      usageLimit: "25",
      perCustomerLimit: "1",
      minSubtotal: "20.00 USD",
      categories: category,
      skus: "",
      markets: "",
      startsAt: "",
      endsAt: "",
    });
    expect(saved.status, await saved.clone().text()).toBe(303);
    expect(await (await adminCall("GET", path)).json()).toMatchObject({
      value: 750,
      usageLimit: 25,
      perCustomerLimit: 1,
      endsAt: null,
    });
    const bad = await b.post(`/admin/discounts/${code}`, {
      kind: "fixed",
      value: "x",
      currency: "USD",
    });
    expect(bad.status).toBe(400);
  });
});
