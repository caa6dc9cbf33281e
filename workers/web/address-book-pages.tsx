import type { Context } from "hono";
import { Hono } from "hono";
import {
  addAddress,
  deleteAddress,
  findAddress,
  listAddresses,
  updateAddress,
} from "../../src/auth/addresses";
import { AppError } from "../../src/errors";
import { shippingCountries } from "../../src/markets/countries";
import type { MarketSet } from "../../src/markets/market";
import { AddressInputSchema, type SavedAddress } from "../../src/schemas/addresses";
import type { AppEnv } from "../app-env";
import { requestMarket } from "../market";
import { fieldErrors } from "../validation";
import { AddressFields } from "./checkout-address";
import { FIELD_HELP, readForm, toCheckoutInput, type Values } from "./checkout-form";
import { addressLine, addressValues } from "./checkout-saved";
import { formFields } from "./form";
import { Alert } from "./layout";
import { page } from "./password-pages";
import { currentShopper } from "./session";

const NOTICES: Record<string, string> = {
  saved: "The address is saved.",
  exists: "That address was already in your book.",
  updated: "The address is changed.",
  deleted: "The address is deleted.",
};

interface FormState {
  values: Values;
  errors: Record<string, string>;
  alert?: string;
}

/** Every country some market of the shop ships to: an address elsewhere could not be used. */
function bookCountries(set: MarketSet): string[] {
  return [...new Set(set.markets.flatMap((m) => shippingCountries(set, m)))].sort();
}

async function customerId(c: Context<AppEnv>): Promise<string | null> {
  const shopper = await currentShopper(c);
  return shopper?.kind === "customer" ? shopper.id : null;
}

/** The form's address, checked as the API checks one; errors by field, in words. */
async function readAddress(c: Context<AppEnv>) {
  const values = readForm(await formFields(c));
  const parsed = AddressInputSchema.safeParse(toCheckoutInput(values, "").shippingAddress);
  if (parsed.success) return { values, address: parsed.data };
  const errors = Object.fromEntries(
    fieldErrors(parsed.error).map((e) => {
      const path = `shippingAddress.${e.path}`;
      return [path, e.path === "region" ? e.message : (FIELD_HELP[path] ?? e.message)];
    }),
  );
  return { values, errors };
}

/** The countries an address may be in, and the locale to name them in. */
async function formPlace(c: Context<AppEnv>) {
  const { set, market } = await requestMarket(c);
  return { countries: bookCountries(set), locale: market.locale };
}

function AddressForm(props: {
  place: { countries: string[]; locale: string };
  action: string;
  state: FormState;
  submit: string;
}) {
  const { countries, locale } = props.place;
  const chosen = props.state.values["shippingAddress.country"];
  const country = chosen && countries.includes(chosen) ? chosen : (countries[0] ?? "US");
  return (
    <form method="post" action={props.action} novalidate>
      {props.state.alert ? <Alert>{props.state.alert}</Alert> : null}
      <div class="cols">
        <AddressFields
          values={props.state.values}
          errors={props.state.errors}
          countries={countries}
          country={country}
          locale={locale}
        />
      </div>
      <button type="submit">{props.submit}</button>
    </form>
  );
}

async function renderBook(
  c: Context<AppEnv>,
  id: string,
  state: FormState,
  status: 200 | 400 | 409 = 200,
) {
  const book = await listAddresses(c.env.DB, id);
  const place = await formPlace(c);
  const notice = NOTICES[c.req.query("notice") ?? ""];
  return page(
    c,
    "Your addresses",
    <>
      {notice ? <p role="status">{notice}</p> : null}
      {book.length === 0 ? <p>No saved addresses yet.</p> : null}
      <ul class="addresses">
        {book.map((a) => (
          <li>
            {addressLine(a, place.locale)} <a href={`/account/addresses/${a.id}`}>Edit</a>
            <form method="post" action={`/account/addresses/${a.id}/delete`} class="inline">
              <button type="submit" class="secondary">
                Delete
              </button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Add an address</h2>
      <AddressForm
        place={place}
        action="/account/addresses"
        state={state}
        submit="Save the address"
      />
      <p>
        <a href="/account">Your account</a>
      </p>
    </>,
    status,
  );
}

async function renderEdit(c: Context<AppEnv>, address: SavedAddress, state: FormState) {
  return page(
    c,
    "Edit the address",
    <AddressForm
      place={await formPlace(c)}
      action={`/account/addresses/${address.id}`}
      state={state}
      submit="Save the changes"
    />,
    Object.keys(state.errors).length > 0 ? 400 : 200,
  );
}

/** The account's address book: saved addresses to add, change and delete, without JavaScript. */
export const addressBookPages = new Hono<AppEnv>()
  .get("/account/addresses", async (c) => {
    const id = await customerId(c);
    if (!id) return c.redirect("/login", 303);
    return renderBook(c, id, { values: {}, errors: {} });
  })
  .post("/account/addresses", async (c) => {
    const id = await customerId(c);
    if (!id) return c.redirect("/login", 303);
    const { values, address, errors } = await readAddress(c);
    if (!address) {
      return renderBook(c, id, { values, errors, alert: "Please correct the marked fields." }, 400);
    }
    try {
      const { created } = await addAddress(c.env.DB, id, address);
      return c.redirect(`/account/addresses?notice=${created ? "saved" : "exists"}`, 303);
    } catch (err) {
      if (!(err instanceof AppError && err.code === "conflict")) throw err;
      const alert = "Your book is full (20 addresses): delete one to add another.";
      return renderBook(c, id, { values, errors: {}, alert }, 409);
    }
  })
  .get("/account/addresses/:id", async (c) => {
    const id = await customerId(c);
    if (!id) return c.redirect("/login", 303);
    const address = await findAddress(c.env.DB, id, c.req.param("id"));
    return renderEdit(c, address, { values: addressValues(address), errors: {} });
  })
  .post("/account/addresses/:id", async (c) => {
    const id = await customerId(c);
    if (!id) return c.redirect("/login", 303);
    const current = await findAddress(c.env.DB, id, c.req.param("id"));
    const { values, address, errors } = await readAddress(c);
    if (!address) return renderEdit(c, current, { values, errors });
    await updateAddress(c.env.DB, id, current.id, address);
    return c.redirect("/account/addresses?notice=updated", 303);
  })
  .post("/account/addresses/:id/delete", async (c) => {
    const id = await customerId(c);
    if (!id) return c.redirect("/login", 303);
    await deleteAddress(c.env.DB, id, c.req.param("id"));
    return c.redirect("/account/addresses?notice=deleted", 303);
  });
