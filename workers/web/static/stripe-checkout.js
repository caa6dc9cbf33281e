// The checkout page of a store that takes cards with Stripe. Stripe's Payment Element collects the
// card; on "Place order" Stripe.js turns it into a ConfirmationToken, which the form posts to the
// server in place of a test card. The server confirms the payment. When the card's bank asks for
// 3-D Secure, the server answers this page again with the payment's client secret: Stripe.js shows
// the bank's challenge, then the form is posted again with the same Idempotency-Key, and the
// server carries on from where it waited.
(() => {
  const form = document.querySelector("form[data-stripe-key]");
  if (!form || typeof window.Stripe !== "function") return;
  const stripe = window.Stripe(form.dataset.stripeKey);
  const token = form.querySelector("input[name='payment.token']");
  const button = form.querySelector("button[data-place-order]");
  const status = form.querySelector("[data-payment-status]");

  function say(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  const clientSecret = form.dataset.clientSecret;
  if (clientSecret) {
    // The bank's challenge; whatever its outcome, the server asks Stripe how it ended.
    button.disabled = true;
    say("Your bank asks you to confirm this payment…");
    stripe.handleNextAction({ clientSecret }).then(
      () => form.submit(),
      () => form.submit(),
    );
    return;
  }

  const elements = stripe.elements({
    mode: "payment",
    amount: Number(form.dataset.amount),
    currency: form.dataset.currency.toLowerCase(),
    captureMethod: "manual",
    paymentMethodTypes: ["card"],
  });
  elements.create("payment").mount("[data-payment-element]");

  form.addEventListener("submit", async (event) => {
    // "Update shipping and total" posts the address as it is: no card is needed for that.
    if (event.submitter?.name === "update") return;
    event.preventDefault();
    button.disabled = true;
    say("Checking your card…");
    const submitted = await elements.submit();
    if (submitted.error) {
      say(submitted.error.message, true);
      button.disabled = false;
      return;
    }
    const field = (name) => form.querySelector(`[name='${name}']`)?.value ?? "";
    const { error, confirmationToken } = await stripe.createConfirmationToken({
      elements,
      params: {
        payment_method_data: {
          billing_details: { name: field("shippingAddress.name"), email: field("email") },
        },
      },
    });
    if (error) {
      say(error.message, true);
      button.disabled = false;
      return;
    }
    token.value = confirmationToken.id;
    say("Placing your order…");
    form.submit();
  });
})();
