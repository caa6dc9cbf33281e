import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { formatMoney } from "../../src/money";
import {
  giftCardByCode,
  issueGiftCard,
  listGiftCards,
  voidGiftCard,
} from "../../src/promotions/gift-cards";
import type { GiftCard } from "../../src/schemas/gift-cards";
import type { AppEnv } from "../app-env";
import { giftCardDeps } from "../deps";
import { pageRefusal } from "../problem";
import { AdminLayout, Wide } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { fieldText, formFields } from "./form";
import { Field, TableHead } from "./layout";
import { type Errors, priceOf, type Values, valuesOf } from "./product-form-values";

interface PageState {
  values?: Values;
  errors?: Errors;
  error?: string;
  /** A card just issued, with its code: shown on this one answer, never again. */
  issued?: GiftCard & { code: string };
  /** A card looked up by its code. */
  found?: GiftCard;
  status?: ContentfulStatusCode;
}

function CardRow({ card }: { card: GiftCard }) {
  return (
    <tr>
      <td>…{card.last4}</td>
      <td class="num">{formatMoney(card.initialAmount)}</td>
      <td class="num">{formatMoney(card.balance)}</td>
      <td class="num">{formatMoney(card.held)}</td>
      <td>{card.status}</td>
      <td>{card.orderId ? `order ${card.orderId}` : (card.note ?? "")}</td>
      <td>
        {card.status === "void" ? (
          "void"
        ) : (
          <form method="post" action={`/admin/gift-cards/${card.id}/void`} class="inline">
            <button type="submit" class="link">
              Void
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

const COLUMNS = [
  "Card",
  { label: "Issued for", numeric: true },
  { label: "Balance", numeric: true },
  { label: "Held", numeric: true },
  "Status",
  "Note",
  "Change",
];

async function giftCardsPage(c: Context<AppEnv>, state: PageState = {}) {
  const cards = await listGiftCards(giftCardDeps(c.env));
  const values = state.values ?? { currency: "USD" };
  const errors = state.errors ?? {};
  return adminHtml(
    c,
    <AdminLayout
      title="Gift cards"
      section="gift-cards"
      notice={c.req.query("notice")}
      error={state.error}
    >
      <h1>Gift cards</h1>
      {state.issued ? (
        <section class="notice" aria-live="polite">
          <h2>Gift card issued</h2>
          <p>
            Its code, shown only now (only its fingerprint is kept):{" "}
            <strong>
              <code>{state.issued.code}</code>
            </strong>{" "}
            for {formatMoney(state.issued.balance)}.
          </p>
        </section>
      ) : null}
      {state.found ? (
        <Wide>
          <table>
            <caption>The card of that code</caption>
            <TableHead columns={COLUMNS} />
            <tbody>
              <CardRow card={state.found} />
            </tbody>
          </table>
        </Wide>
      ) : null}
      <form method="post" action="/admin/gift-cards/lookup" class="inline-form">
        <Field
          name="code"
          label="Look up a card by its code"
          value={values.code}
          error={errors.code}
        />
        <button type="submit" class="secondary">
          Look up
        </button>
      </form>
      <Wide>
        <table>
          <caption class="skip">Gift cards issued, newest first</caption>
          <TableHead columns={COLUMNS} />
          <tbody>
            {cards.map((card) => (
              <CardRow card={card} />
            ))}
          </tbody>
        </table>
      </Wide>
      <form method="post" action="/admin/gift-cards" novalidate>
        <fieldset>
          <legend>Issue a gift card</legend>
          <div class="cols">
            <Field
              name="amount"
              label="Amount"
              hint="e.g. 50 or 50.00"
              value={values.amount}
              error={errors.amount}
            />
            <Field
              name="currency"
              label="Currency"
              hint="e.g. USD"
              value={values.currency}
              error={errors.currency}
            />
            <Field
              name="note"
              label="Note (optional)"
              hint="Whom it is for"
              value={values.note}
              error={errors.note}
            />
          </div>
          <button type="submit">Issue gift card</button>
        </fieldset>
      </form>
    </AdminLayout>,
    state.status ?? (state.error || Object.keys(errors).length > 0 ? 400 : 200),
  );
}

/** A refusal of the domain as the page's state; anything else goes on (a 500). */
function refused(err: unknown): PageState {
  const { error, status } = pageRefusal(err);
  return { error, status };
}

export const adminGiftCardPages = new Hono<AppEnv>()
  .get("/admin/gift-cards", (c) => giftCardsPage(c))
  .post("/admin/gift-cards", async (c) => {
    const values = valuesOf(await formFields(c));
    const errors: Errors = {};
    const currency = (values.currency ?? "").trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) errors.currency = "A currency code such as USD.";
    const amount = priceOf(
      values.amount ?? "",
      errors.currency ? "USD" : currency,
      "amount",
      errors,
    );
    if (amount && amount.amount <= 0) errors.amount = "More than 0.";
    if (!amount || Object.keys(errors).length > 0) {
      return giftCardsPage(c, { values, errors, error: "Please correct the marked fields." });
    }
    const note = values.note?.trim().slice(0, 200) || undefined;
    const issued = await issueGiftCard(giftCardDeps(c.env), { amount, note });
    return giftCardsPage(c, { issued, status: 201 });
  })
  .post("/admin/gift-cards/lookup", async (c) => {
    const code = fieldText(await formFields(c), "code");
    try {
      return giftCardsPage(c, { found: await giftCardByCode(giftCardDeps(c.env), code) });
    } catch (err) {
      return giftCardsPage(c, {
        ...refused(err),
        values: { code },
        error: "No gift card has that code.",
      });
    }
  })
  .post("/admin/gift-cards/:id/void", async (c) => {
    try {
      const card = await voidGiftCard(giftCardDeps(c.env), c.req.param("id"));
      return c.redirect(
        `/admin/gift-cards?notice=${encodeURIComponent(`The card ending ${card.last4} is void.`)}`,
        303,
      );
    } catch (err) {
      return giftCardsPage(c, refused(err));
    }
  });
