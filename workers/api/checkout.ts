import { createRoute } from "@hono/zod-openapi";
import { requestHash } from "../../src/checkout/request-hash";
import { checkIdempotencyKey, paymentOf } from "../../src/checkout/request-rules";
import { paymentProvider } from "../../src/payments";
import { CheckoutSchema, OrderSchema } from "../../src/schemas/orders";
import { deliverEmailsSoon } from "../emails/deliver";
import { cartPlace } from "../market";
import {
  jsonBody,
  jsonContent,
  openApiApp,
  problem,
  problems,
  requiredIdempotencyKey,
} from "../openapi";
import { CHECKOUT_STILL_RUNNING, outcomeOf, reachProcess, replyWith } from "../process-reply";
import { noteAddressUse } from "./addresses";
import { cartOf } from "./cart";

const checkoutRoute = createRoute({
  method: "post",
  path: "/checkout",
  tags: ["Checkout"],
  security: [{ shopperToken: [] }],
  request: {
    headers: requiredIdempotencyKey,
    body: jsonBody(CheckoutSchema),
  },
  responses: {
    201: jsonContent(
      OrderSchema,
      "The paid order (header `idempotent-replayed: true` on a replay)",
    ),
    ...problems(400, 401, 422),
    402: problem(
      "`payment_declined`; with Stripe, `authentication_required`: the card needs 3-D Secure. The body's extra `clientSecret` is for `stripe.handleNextAction`; then send the same request with the same key again",
    ),
    409: problem(
      "`cart_empty`, `insufficient_stock` (one error per short line), `price_changed` (one error per changed line), `shipping_unavailable` (nothing ships to the address's country), `market_mismatch` (a line has no price in the request's market), `checkout_in_progress` (another checkout of this cart runs), `idempotency_in_progress` (this key's request runs), `checkout_interrupted` (the checkout failed on our side and was undone: nothing was charged, the cart is kept; its key replays this answer, so check out again with a new key)",
    ),
    503: problem(
      "`dependency_unavailable`, with `retry-after`: a service the checkout needs failed after it started; it goes on by itself within a minute. Send the same request with the same key again to learn how it ended. `not_configured`: in production, PAYMENT_PROVIDER is unset or `test`; nothing was started",
    ),
  },
});

export const checkoutRoutes = openApiApp().openapi(checkoutRoute, async (c) => {
  const key = checkIdempotencyKey(c.req.valid("header")["idempotency-key"]);
  const input = c.req.valid("json");
  const paying = await paymentOf(paymentProvider(c.env), input);
  const hash = await requestHash(input);
  const place = await cartPlace(c);
  const answer = await reachProcess(
    () =>
      cartOf(c).checkout({
        place,
        shippingMethod: input.shippingMethod,
        shopperId: c.get("shopper").id,
        idempotencyKey: key,
        requestHash: hash,
        email: input.email,
        shippingAddress: input.shippingAddress,
        ...paying,
        expectedTotal: input.expectedTotal,
        requestId: c.get("requestId"),
        origin: new URL(c.req.url).origin,
      }),
    CHECKOUT_STILL_RUNNING,
  );
  if (outcomeOf(answer).kind === "paid") {
    deliverEmailsSoon(c);
    await noteAddressUse(c, c.get("shopper"), input.shippingAddress, false);
  }
  return replyWith(c, answer) as never;
});
