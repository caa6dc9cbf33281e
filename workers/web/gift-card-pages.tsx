import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { formatMoney } from "../../src/money";
import { giftCardByCode } from "../../src/promotions/gift-cards";
import type { GiftCard } from "../../src/schemas/gift-cards";
import type { AppEnv } from "../app-env";
import { limitByAddress } from "../auth/session";
import { giftCardDeps } from "../deps";
import { pageRefusal } from "../problem";
import { cartCountOf } from "./cart-count";
import { fieldText, formFields } from "./form";
import { Alert, Field, Layout } from "./layout";
import { marketChoice } from "./market-switcher";
import { currentShopper } from "./session";

async function balancePage(
  c: Context<AppEnv>,
  state: { card?: GiftCard; error?: string; status?: ContentfulStatusCode } = {},
) {
  const choice = await marketChoice(c);
  const { card } = state;
  return c.html(
    <Layout
      title="Gift card balance"
      shopper={await currentShopper(c)}
      cartCount={cartCountOf(c)}
      market={choice}
    >
      <h1>Gift card balance</h1>
      {state.error ? <Alert>{state.error}</Alert> : null}
      {card ? (
        <p class="notice" aria-live="polite">
          {card.status === "void"
            ? `The card ending ${card.last4} is void.`
            : `The card ending ${card.last4} has ${formatMoney(card.balance, choice.current.locale)} left.`}
        </p>
      ) : null}
      <form method="post" action="/gift-cards" novalidate>
        <Field name="code" label="Gift card code" autocomplete="off" />
        <button type="submit">Check balance</button>
      </form>
      <p class="muted">
        Type the code at checkout to pay with it: it pays first, your card the rest.
      </p>
    </Layout>,
    state.status ?? 200,
  );
}

/** A shopper's balance check: the code posted (never in a URL), limited per client address. */
export const giftCardPages = new Hono<AppEnv>()
  .get("/gift-cards", (c) => balancePage(c))
  .post("/gift-cards", async (c) => {
    const code = fieldText(await formFields(c), "code").trim();
    if (code.length < 4) return balancePage(c, { error: "Enter the card's code.", status: 400 });
    try {
      await limitByAddress(c);
      return balancePage(c, { card: await giftCardByCode(giftCardDeps(c.env), code) });
    } catch (err) {
      const { error, status, problem } = pageRefusal(err);
      const words = problem.code === "not_found" ? "No gift card has that code." : error;
      return balancePage(c, { error: words, status });
    }
  });
