import { describe, expect, it } from "vitest";
import { cancelOrder, emailOf, outboxOf, paidOrder, shipOrder } from "./email-helpers";

const numberOf = (order: { number: string }) => order.number;

describe("order emails", () => {
  it("writes exactly one email per event: confirmed when paid, shipped once, cancelled once", async () => {
    const shipped = await paidOrder();
    expect((await outboxOf(shipped.order.id)).map((r) => r.kind)).toEqual(["order_confirmed"]);
    await shipOrder(shipped.order.id);
    await shipOrder(shipped.order.id);
    expect((await outboxOf(shipped.order.id)).map((r) => r.kind)).toEqual([
      "order_confirmed",
      "order_shipped",
    ]);

    const cancelled = await paidOrder();
    expect((await cancelOrder(cancelled.order.id, cancelled.token)).status).toBe(200);
    expect((await cancelOrder(cancelled.order.id, cancelled.token)).status).toBe(409);
    await shipOrder(cancelled.order.id);
    expect((await outboxOf(cancelled.order.id)).map((r) => r.kind)).toEqual([
      "order_confirmed",
      "order_cancelled",
    ]);
  });

  it("sends each one right after its event through the local provider, which keeps the message", async () => {
    const { order } = await paidOrder();
    const confirmed = await emailOf(order.id, "order_confirmed");
    expect(confirmed).toMatchObject({ status: "sent", attempts: 1, provider: "local" });
    expect(confirmed.sent_at).not.toBeNull();
    await shipOrder(order.id);
    expect(await emailOf(order.id, "order_shipped")).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("confirms with the order number, lines, totals and the shipping address", async () => {
    const { order, product } = await paidOrder({ quantity: 3 });
    const email = await emailOf(order.id, "order_confirmed");
    expect(email.subject).toBe(`Order #${numberOf(order)} confirmed`);
    for (const part of [email.body, email.html]) {
      expect(part).toContain(`Order #${numberOf(order)}`);
      expect(part).toContain(`${product.title} (Large)`);
      expect(part).toContain("$12.50");
      expect(part).toContain("$37.50"); // the line and the subtotal
      expect(part).toContain("$42.50"); // with $5.00 shipping
      expect(part).toContain("SW1Y 4JH");
    }
    expect(email.body).toContain("3 × ");
    expect(email.body).toContain("Shipping: $5.00");
  });

  it("tells the tracking number when shipped and the refund when cancelled", async () => {
    const shipped = await paidOrder();
    await shipOrder(shipped.order.id);
    const tracking = (await emailOf(shipped.order.id, "order_shipped")).body?.match(
      /tracking number (SIM-\d{8}[A-Z0-9]{4})/,
    )?.[1];
    expect(tracking).toBeDefined();
    const email = await emailOf(shipped.order.id, "order_shipped");
    expect(email.subject).toBe(`Order #${numberOf(shipped.order)} has shipped`);
    expect(email.html).toContain(`tracking number ${tracking}`);

    const cancelled = await paidOrder();
    await cancelOrder(cancelled.order.id, cancelled.token);
    const refund = await emailOf(cancelled.order.id, "order_cancelled");
    expect(refund.subject).toBe(`Order #${numberOf(cancelled.order)} cancelled and refunded`);
    for (const part of [refund.body, refund.html]) {
      expect(part).toContain("We refunded $30.00 to the card you paid with");
      expect(part).not.toContain("re_test_"); // no provider ids for shoppers
    }
  });

  it("escapes hostile product titles and addresses in the HTML, and keeps them as text", async () => {
    const title = `<script>alert("t")</script> & <b>Bold</b>`;
    const name = `<img src=x onerror="alert('a')">`;
    const { order } = await paidOrder({ title, name });
    const email = await emailOf(order.id, "order_confirmed");
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain(
      "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &lt;b&gt;",
    );
    expect(email.html).toContain("&lt;img src=x onerror=&quot;alert(&#39;a&#39;)&quot;&gt;");
    expect(email.body).toContain(title);
    expect(email.body).toContain(name);
  });
});
