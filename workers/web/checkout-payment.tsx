import { Field } from "./layout";

// The checkout form's payment fieldset: the test cards, or Stripe's Payment Element.
const CARDS = [
  { token: "tok_visa", label: "Test Visa ending 4242 (approved)" },
  { token: "tok_decline", label: "Test card that is declined" },
];

export function TestCards(props: { chosen: string | undefined; error: string | undefined }) {
  return (
    <fieldset>
      <legend>Payment (test cards)</legend>
      <p class="muted">This store takes test cards only: nothing is charged.</p>
      {CARDS.map((card) => (
        <div class="variant">
          <input
            type="radio"
            id={`card-${card.token}`}
            name="payment.token"
            value={card.token}
            checked={(props.chosen ?? "tok_visa") === card.token}
          />
          <label for={`card-${card.token}`}>{card.label}</label>
        </div>
      ))}
      {props.error ? <span class="error">{props.error}</span> : null}
    </fieldset>
  );
}

/** Stripe's Payment Element goes here; the page's script fills `payment.token` on submit. */
export function StripePayment(props: { token: string; error: string | undefined }) {
  return (
    <fieldset>
      <legend>Payment</legend>
      <div class="payment-element" data-payment-element />
      <p class="payment-status" role="status" aria-live="polite" data-payment-status>
        {props.error ?? ""}
      </p>
      <noscript>
        <p class="error">
          Paying by card needs JavaScript: the card form is Stripe's and runs in your browser.
        </p>
      </noscript>
      <input type="hidden" name="payment.token" value={props.token} />
    </fieldset>
  );
}

/** The gift card's code, which pays first; the card pays the rest. */
export function GiftCardField(props: { value?: string | undefined; error?: string | undefined }) {
  return (
    <fieldset>
      <legend>Gift card</legend>
      <Field
        name="giftCard"
        label="Gift card code (optional)"
        hint="It pays first, as much as it has left; your card pays the rest."
        autocomplete="off"
        value={props.value}
        error={props.error}
      />
    </fieldset>
  );
}
