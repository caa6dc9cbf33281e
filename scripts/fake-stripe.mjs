/**
 * A stand-in for Stripe, for tests only (nothing here leaves the machine, and the machine has no
 * way to reach Stripe anyway): the slice of the PaymentIntents API the store calls, with Stripe's
 * idempotency keys, test cards, 3-D Secure and states; and a Stripe.js look-alike that puts a plain
 * card-number field where the Payment Element would be and shows a bank challenge with two
 * buttons. What the fake proves is the store's side: its calls, its states and its page wiring.
 *
 * Cards (typed in the fake Payment Element, or as PaymentMethod ids):
 *   4242424242424242 / pm_card_visa                       authorized
 *   4000000000000002 / pm_card_chargeDeclined             declined (402 card_error)
 *   4000002760003184 / pm_card_threeDSecure2Required      needs 3-D Secure
 *
 * Fake-only routes, for tests and the fake Stripe.js:
 *   POST /_fake/authenticate        client_secret, outcome=complete|fail (the bank's challenge)
 *   GET  /_fake/payment_intents     every PaymentIntent, newest last
 *   POST /_fake/forget              order_id: forgets that order's PaymentIntents and idempotent
 *                                   replies, as a Stripe account that lost them would
 */
import { createServer } from "node:http";

const CARDS = {
  4242424242424242: "visa",
  4000000000000002: "chargeDeclined",
  4000002760003184: "threeDSecure2Required",
};

let counter = 0;
const newId = (prefix) => `${prefix}_fake${Date.now().toString(36)}${(++counter).toString(36)}`;

/** One fake Stripe account: its PaymentIntents, ConfirmationTokens and idempotent replies. */
export function createFakeStripe() {
  const intents = new Map();
  const tokens = new Map();
  const replies = new Map();

  const json = (status, body) => ({
    status,
    type: "application/json",
    body: JSON.stringify(body),
  });
  const error = (status, type, message, extra = {}) =>
    json(status, { error: { type, message, ...extra } });

  function kindOf(form) {
    const token = form.get("confirmation_token");
    if (token) return tokens.get(token);
    const method = form.get("payment_method") ?? "";
    return method.replace(/^pm_card_/, "");
  }

  function createIntent(form) {
    const kind = kindOf(form);
    if (!kind) return error(400, "invalid_request_error", "No such payment method or token.");
    const id = newId("pi");
    const intent = {
      id,
      object: "payment_intent",
      amount: Number(form.get("amount")),
      currency: form.get("currency"),
      capture_method: form.get("capture_method") ?? "automatic",
      client_secret: `${id}_secret_${newId("s")}`,
      metadata: { order_id: form.get("metadata[order_id]") ?? undefined },
      created: Math.floor(Date.now() / 1000),
      status: "requires_capture",
      last_payment_error: null,
      amount_received: 0,
    };
    intents.set(id, intent);
    if (kind === "chargeDeclined") {
      intent.status = "requires_payment_method";
      intent.last_payment_error = { code: "card_declined", message: "Your card was declined." };
      return error(402, "card_error", "Your card was declined.", {
        code: "card_declined",
        payment_intent: intent,
      });
    }
    if (kind === "threeDSecure2Required") {
      intent.status = "requires_action";
      intent.next_action = { type: "use_stripe_sdk" };
    }
    return json(200, intent);
  }

  function capture(intent) {
    if (intent.status !== "requires_capture") {
      return error(
        400,
        "invalid_request_error",
        `This PaymentIntent could not be captured because it has a status of ${intent.status}.`,
        { payment_intent: intent },
      );
    }
    intent.status = "succeeded";
    intent.amount_received = intent.amount;
    return json(200, intent);
  }

  function cancel(intent) {
    if (intent.status === "succeeded" || intent.status === "canceled") {
      return error(
        400,
        "invalid_request_error",
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
        { payment_intent: intent },
      );
    }
    intent.status = "canceled";
    return json(200, intent);
  }

  function refund(form) {
    const intent = intents.get(form.get("payment_intent"));
    if (intent?.status !== "succeeded") {
      return error(400, "invalid_request_error", "This PaymentIntent has no charge to refund.");
    }
    const amount = Number(form.get("amount") ?? intent.amount - (intent.amount_refunded ?? 0));
    if ((intent.amount_refunded ?? 0) + amount > intent.amount) {
      return error(
        400,
        "invalid_request_error",
        `Refund amount ($${(amount / 100).toFixed(2)}) is greater than unrefunded amount on charge ($${((intent.amount - (intent.amount_refunded ?? 0)) / 100).toFixed(2)})`,
        { param: "amount" },
      );
    }
    intent.amount_refunded = (intent.amount_refunded ?? 0) + amount;
    const metadata = Object.fromEntries(
      [...form.entries()]
        .filter(([k]) => k.startsWith("metadata["))
        .map(([k, v]) => [k.slice(9, -1), v]),
    );
    return json(200, {
      id: newId("re"),
      object: "refund",
      amount,
      metadata,
      payment_intent: intent.id,
    });
  }

  /** The bank's challenge: the shopper passes it or not. */
  function authenticate(form) {
    const secret = form.get("client_secret") ?? "";
    const intent = intents.get(secret.split("_secret_")[0]);
    if (!intent || intent.client_secret !== secret) {
      return error(400, "invalid_request_error", "No such PaymentIntent.");
    }
    if (intent.status !== "requires_action") return json(200, intent);
    if (form.get("outcome") === "complete") {
      intent.status = "requires_capture";
    } else {
      intent.status = "requires_payment_method";
      intent.last_payment_error = {
        code: "payment_intent_authentication_failure",
        message: "We are unable to authenticate your payment method.",
      };
    }
    delete intent.next_action;
    return json(200, intent);
  }

  /** GET /v1/payment_intents: newest first, `created[gte]` to `created[lte]`, by `starting_after`. */
  function list(query) {
    const from = Number(query.get("created[gte]") ?? 0);
    const to = Number(query.get("created[lte]") ?? Number.POSITIVE_INFINITY);
    const limit = Math.min(100, Number(query.get("limit") ?? 10));
    const newestFirst = [...intents.values()]
      .filter((i) => i.created >= from && i.created <= to)
      .reverse();
    const after = query.get("starting_after");
    const start = after ? newestFirst.findIndex((i) => i.id === after) + 1 : 0;
    const data = newestFirst.slice(start, start + limit);
    return json(200, { object: "list", data, has_more: start + limit < newestFirst.length });
  }

  function forget(form) {
    const orderId = form.get("order_id");
    for (const [id, intent] of intents) {
      if (intent.metadata.order_id === orderId) intents.delete(id);
    }
    for (const key of replies.keys()) if (key.includes(orderId)) replies.delete(key);
    return json(200, { forgotten: orderId });
  }

  function route(method, path, form, query) {
    if (method === "GET" && (path === "/v3" || path === "/v3/")) {
      return { status: 200, type: "text/javascript", body: STRIPE_JS };
    }
    if (method === "POST" && path === "/_fake/authenticate") return authenticate(form);
    if (method === "POST" && path === "/_fake/forget") return forget(form);
    if (method === "GET" && path === "/v1/payment_intents") return list(query);
    if (method === "GET" && path === "/_fake/payment_intents") {
      return json(200, { data: [...intents.values()] });
    }
    if (method === "POST" && path === "/v1/confirmation_tokens") {
      const kind = CARDS[(form.get("card_number") ?? "").replace(/\s/g, "")];
      if (!kind) return error(402, "card_error", "Your card number is invalid.");
      const id = newId("ctoken");
      tokens.set(id, kind);
      return json(200, { id, object: "confirmation_token" });
    }
    if (method === "POST" && path === "/v1/payment_intents") return createIntent(form);
    if (method === "POST" && path === "/v1/refunds") return refund(form);
    const match = path.match(/^\/v1\/payment_intents\/([^/]+)(?:\/(capture|cancel))?$/);
    const intent = match ? intents.get(decodeURIComponent(match[1])) : undefined;
    if (!intent) return error(404, "invalid_request_error", "No such payment_intent.");
    if (method === "GET" && !match[2]) return json(200, intent);
    if (method === "POST" && match[2] === "capture") return capture(intent);
    if (method === "POST" && match[2] === "cancel") return cancel(intent);
    return error(404, "invalid_request_error", "Unrecognized request URL.");
  }

  /** Answers one request, given as plain parts; a repeated idempotency key replays its answer. */
  function handle({ method, url, headers, body }) {
    const { pathname: path, searchParams: query } = new URL(url);
    const form = new URLSearchParams(body ?? "");
    const auth = headers.get("authorization") ?? "";
    if (path.startsWith("/v1/") && !/^Bearer (sk|pk)_test_/.test(auth)) {
      return error(401, "invalid_request_error", "Invalid API Key provided.");
    }
    const key = headers.get("idempotency-key");
    const replayKey = key && method === "POST" ? `${path} ${key}` : null;
    if (replayKey && replies.has(replayKey)) return replies.get(replayKey);
    const reply = route(method, path, form, query);
    // Stripe's CORS, for the browser's calls of the fake Stripe.js.
    reply.headers = { "access-control-allow-origin": "*" };
    if (replayKey) replies.set(replayKey, reply);
    return reply;
  }

  return { handle, intents };
}

/** Serves a fake Stripe on 127.0.0.1:`port` (0 picks one); resolves with its origin and a close. */
export function serveFakeStripe(port = 0) {
  const stripe = createFakeStripe();
  const server = createServer(async (req, res) => {
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-origin": "*",
        "access-control-allow-headers": "authorization, content-type",
      });
      res.end();
      return;
    }
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const reply = stripe.handle({
      method: req.method,
      url: `http://127.0.0.1${req.url}`,
      headers: new Headers(req.headers),
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.writeHead(reply.status, { "content-type": reply.type, ...reply.headers });
    res.end(reply.body);
  });
  return new Promise((resolve) => {
    server.listen(port, "127.0.0.1", () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({ origin, stripe, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

/**
 * The Stripe.js look-alike: `Stripe(key)` with `elements()`, the Payment Element's `mount`,
 * `elements.submit`, `createConfirmationToken` and `handleNextAction`, talking to this fake.
 */
const STRIPE_JS = `(() => {
  const api = new URL(document.currentScript.src).origin;
  async function post(path, key, fields) {
    const res = await fetch(api + path, {
      method: "POST",
      headers: { authorization: "Bearer " + key, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
    return res.json();
  }
  window.Stripe = function Stripe(key) {
    let input = null;
    return {
      elements(options) {
        return {
          create() {
            return {
              mount(target) {
                const el = typeof target === "string" ? document.querySelector(target) : target;
                const label = document.createElement("label");
                label.textContent = "Card number";
                input = document.createElement("input");
                input.name = "fake-stripe-card";
                input.autocomplete = "cc-number";
                input.inputMode = "numeric";
                label.append(input);
                el.append(label);
              },
            };
          },
          async submit() {
            if (!input || input.value.trim() === "") {
              return { error: { type: "validation_error", message: "Your card number is incomplete." } };
            }
            return {};
          },
        };
      },
      async createConfirmationToken() {
        const token = await post("/v1/confirmation_tokens", key, { card_number: input.value });
        return token.error ? { error: token.error } : { confirmationToken: token };
      },
      handleNextAction({ clientSecret }) {
        return new Promise((resolve) => {
          const dialog = document.createElement("dialog");
          dialog.setAttribute("aria-label", "Bank authentication (fake)");
          const text = document.createElement("p");
          text.textContent = "Fake bank: confirm this payment?";
          dialog.append(text);
          for (const [label, outcome] of [["Complete authentication", "complete"], ["Fail authentication", "fail"]]) {
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = label;
            button.addEventListener("click", async () => {
              const intent = await post("/_fake/authenticate", key, { client_secret: clientSecret, outcome });
              dialog.close();
              resolve(intent.status === "requires_capture"
                ? { paymentIntent: intent }
                : { error: intent.last_payment_error ?? { message: "Authentication failed." } });
            });
            dialog.append(button);
          }
          document.body.append(dialog);
          dialog.showModal();
        });
      },
    };
  };
})();
`;
