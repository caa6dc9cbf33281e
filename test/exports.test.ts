import { describe, expect, it } from "vitest";
import { csvField, csvRow } from "../src/exports/csv";
import { paidOrder } from "./email-helpers";
import { adminCall, call, createProduct, unique } from "./helpers";
import { ownerBrowser } from "./staff-helpers";

/** A CSV file's rows as arrays (the simple files these tests make: no line breaks in fields). */
const rowsOf = (text: string) =>
  text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .map(
      (line) =>
        line
          .match(/("([^"]|"")*"|[^,]*)(,|$)/g)
          ?.slice(0, -1)
          .map((f) => f.replace(/,$/, "").replace(/^"|"$/g, "").replaceAll('""', '"')) ?? [],
    );

const keyOf = async (role: string) => {
  const res = await adminCall("POST", "/api/v1/admin/api-keys", { name: unique("key"), role });
  return ((await res.json()) as { key: string }).key;
};

describe("CSV exports", () => {
  it("quotes what needs quoting and keeps spreadsheets from running formulas", () => {
    expect(csvRow(["plain", 'say "hi"', "a,b", 12, null])).toBe('plain,"say ""hi""","a,b",12,\r\n');
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField("-5")).toBe("'-5");
    expect(csvField("@user")).toBe("'@user");
  });

  it("exports every variant with its options, price and stock", async () => {
    const sku = unique("TEE");
    const { input } = await createProduct({
      title: "Tee, organic",
      options: [{ name: "Size", values: ["S", "M"] }],
      variants: [
        {
          sku,
          title: "S",
          price: { amount: 2850, currency: "USD" },
          stock: 7,
          options: { Size: "S" },
        },
      ],
    });
    const res = await adminCall("GET", "/api/v1/admin/exports/products");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="products.csv"');
    const rows = rowsOf(await res.text());
    expect(rows[0]?.slice(0, 5)).toEqual([
      "product_slug",
      "title",
      "description",
      "category",
      "status",
    ]);
    expect(rows.find((r) => r[11] === sku)).toEqual([
      input.slug,
      "Tee, organic",
      "A fine thing.",
      "things",
      "active",
      "Size",
      "S",
      "",
      "",
      "",
      "",
      sku,
      "S",
      "28.50",
      "7",
    ]);
    const stock = rowsOf(await (await adminCall("GET", "/api/v1/admin/exports/stock")).text());
    expect(stock.find((r) => r[0] === sku)).toEqual([sku, input.slug, "S", "7", "0", "7"]);
  });

  it("exports the orders of a range of days, to those who may read orders", async () => {
    const { order } = await paidOrder({ quantity: 2 });
    const today = new Date().toISOString().slice(0, 10);
    const res = await adminCall("GET", `/api/v1/admin/exports/orders?from=${today}&to=${today}`);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="orders-${today}-to-${today}.csv"`,
    );
    const row = rowsOf(await res.text()).find((r) => r[0] === order.id);
    expect(row?.slice(3, 8)).toEqual(["paid", order.email, "default", "USD", "2"]);
    expect(row?.[13]).toBe((order.total.amount / 100).toFixed(2));
    const before = await adminCall(
      "GET",
      "/api/v1/admin/exports/orders?from=2000-01-01&to=2000-01-31",
    );
    expect(rowsOf(await before.text())).toHaveLength(1);
    expect((await adminCall("GET", "/api/v1/admin/exports/orders?from=yesterday")).status).toBe(
      400,
    );
    expect((await adminCall("GET", "/api/v1/admin/exports/customers")).status).toBe(404);

    const support = await keyOf("support");
    expect((await call("GET", "/api/v1/admin/exports/orders", { token: support })).status).toBe(
      200,
    );
    expect((await call("GET", "/api/v1/admin/exports/products", { token: support })).status).toBe(
      403,
    );
  });

  it("are offered on the back office's pages", async () => {
    const b = await ownerBrowser();
    expect(await (await b.get("/admin/products")).text()).toContain(
      'href="/admin/exports/products"',
    );
    expect(await (await b.get("/admin/orders")).text()).toContain('action="/admin/exports/orders"');
    const file = await b.get("/admin/exports/stock");
    expect(file.status).toBe(200);
    expect(rowsOf(await file.text())[0]).toEqual([
      "sku",
      "product_slug",
      "variant_title",
      "on_hand",
      "reserved",
      "available",
    ]);
    expect((await b.get("/admin/exports/nothing")).status).toBe(404);
  });
});
