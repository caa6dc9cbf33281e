import type { ProcessDefinition } from "../processes/definition";
import type { CheckoutDeps, CheckoutMoved } from "./moves";
import { pricing } from "./pricing";
import { type CheckoutRecord, failure, interrupted } from "./record";
import { redeeming } from "./redeeming";
import { spending } from "./spending";
import {
  authenticating,
  authorizing,
  capturing,
  committing,
  fulfilling,
  holding,
  markingPaid,
  recording,
} from "./steps";
import { rechecking, unwinding } from "./unwinding";

/**
 * A checkout, step by step. Money moves only at `capturing`, and only after the units were
 * committed, so a capture never pays for units that are not sold. Before it, a failure or a reset
 * goes back (`unwinding`, a void, never a refund); from it on, the checkout goes forward, because
 * the money may have moved. docs/checkout.md shows this table (a test checks it matches).
 */
export const CHECKOUT: ProcessDefinition<CheckoutRecord, CheckoutDeps, CheckoutMoved> = {
  name: "checkout",
  initial: "pricing",
  steps: {
    pricing: {
      does: "refuse at once a sku a hold found sold out in the last second; reprice the lines from D1 in the cart's market, with the address's shipping method and tax, the automatic promotions and the cart's discount code (422 if it no longer applies); pick each line's stock shard; check `expectedTotal`; then to the first hold to make (the code's, the gift card's, or the units')",
      run: pricing,
      next: ["redeeming", "spending", "holding", "done"],
      onFailure: "compensate",
      onInterrupt: "compensate",
    },
    redeeming: {
      does: "hold one use of the discount code in the code's `DiscountObject` (hold id: the order's); none left, for anyone or for this shopper: done, 409 `discount_used_up`, nothing held",
      run: redeeming,
      next: ["spending", "holding", "unwinding", "done"],
      onFailure: "compensate",
      onInterrupt: "compensate",
    },
    spending: {
      does: "with a gift card: hold its part of the total in its `GiftCardObject` (hold id: the order's): what its balance covers, or, with no card for the rest, all or nothing (409 `gift_card_insufficient`); void, empty or of another currency: back, 409 `gift_card_unusable`",
      run: spending,
      next: ["holding", "unwinding"],
      onFailure: "compensate",
      onInterrupt: "compensate",
    },
    holding: {
      does: "refuse a sku found sold out meanwhile (no hold asked; a code's use or a gift card's spend held goes back); hold every line in its `InventoryObject`, or its shard's (hold id `<order>/<sku>`); a line short gives back the others",
      run: holding,
      next: ["recording", "unwinding", "done"],
      onFailure: "compensate",
      onInterrupt: "compensate",
    },
    recording: {
      does: "write the order to D1 as `pending_payment` (`ON CONFLICT DO NOTHING`)",
      run: recording,
      next: ["authorizing"],
      onFailure: "compensate",
      onInterrupt: "compensate",
    },
    authorizing: {
      does: "authorize what the card pays, the total less the gift card's part (key `<order>:authorize`; nothing to pay: on); declined: go back, 402; a card that needs 3-D Secure goes to `authenticating`",
      run: authorizing,
      next: ["committing", "authenticating", "unwinding"],
      onFailure: "compensate",
      onInterrupt: "compensate",
    },
    authenticating: {
      does: "(Stripe only) ask the provider whether the shopper passed 3-D Secure: held → on; refused, or the deadline passed → back, 402; otherwise wait, answering 402 `authentication_required` with the client secret",
      run: authenticating,
      next: ["committing", "authenticating", "unwinding"],
      onFailure: "retry",
      onInterrupt: "resume",
      waits: {
        for: "the shopper's 3-D Secure, until a minute before the holds expire",
        runs: "asked",
      },
    },
    committing: {
      does: "commit every hold, the code's use and the gift card's spend: the units are sold; a hold lost (expired, or its units taken away) goes back, 409",
      run: committing,
      next: ["capturing", "unwinding"],
      onFailure: "compensate",
      onInterrupt: "compensate",
    },
    capturing: {
      does: "capture what the card pays (key `<order>:capture`; nothing when a gift card paid it all); then, in one storage step, the answer is the paid order and the cart is empty; refused for good: go back, 402",
      run: capturing,
      next: ["marking_paid", "unwinding"],
      onFailure: "retry",
      onInterrupt: "resume",
    },
    marking_paid: {
      does: "issue the gift cards the order bought (each in its `GiftCardObject`, codes made from the order, so once); mark the D1 order `paid` (conditional), write the cards' rows and queue its emails, in one batch",
      run: markingPaid,
      next: ["fulfilling"],
      onFailure: "retry",
      onInterrupt: "resume",
    },
    fulfilling: {
      does: "send the order to the fulfillment queue (the request's drive sends it first); again after 30 s, backing off, until the order is no longer `paid` or a provider has it",
      run: fulfilling,
      next: ["fulfilling", "done"],
      onFailure: "retry",
      onInterrupt: "resume",
      waits: { for: "the fulfillment consumer to move the order on", runs: "woken" },
    },
    unwinding: {
      does: "void the authorization (one whose answer was lost is looked up, never asked for again; never a refund: nothing was captured), unwind every hold (held units released, committed units restocked, unknown ids tombstoned), release the code's use and the gift card's spend (tombstoned), mark the order `payment_failed`; then the answer is the failure's",
      run: unwinding,
      next: ["done", "rechecking"],
      onFailure: "retry",
      onInterrupt: "resume",
    },
    rechecking: {
      does: "(answered already) look once more for an authorization whose authorize call was cut off and that the undo did not find, and void it",
      run: rechecking,
      next: ["done"],
      onFailure: "retry",
      onInterrupt: "resume",
      waits: { for: "two minutes, for a cut-off authorize to land at the provider", runs: "woken" },
    },
  },
  /** An unexpected failure or a reset before capture: undone, and answered `checkout_interrupted`. */
  compensate: (_record, from) => {
    if (from === "unwinding" || from === "rechecking") {
      throw new Error(`${from} does not compensate itself`);
    }
    return { state: "unwinding", failure: failure(from, interrupted()) };
  },
  compensatesTo: ["unwinding"],
};
