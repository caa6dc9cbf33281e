import type { Context } from "hono";
import { findCustomer } from "../../src/auth/customers";
import { createDb } from "../../src/db/client";
import { countryName } from "../../src/markets/countries";
import type { SavedAddress } from "../../src/schemas/addresses";
import type { AppEnv } from "../app-env";
import type { ShopperClaims } from "../auth/tokens";

/** A customer's email, to fill a fresh checkout form with. */
export async function customerEmail(c: Context<AppEnv>, shopper: ShopperClaims) {
  if (shopper.kind !== "customer") return undefined;
  return (await findCustomer(createDb(c.env.DB), shopper.id))?.email;
}

/** A saved address as the form's fields (`shippingAddress.*`). */
export function addressValues(a: SavedAddress): Record<string, string> {
  return {
    "shippingAddress.name": a.name,
    "shippingAddress.line1": a.line1,
    "shippingAddress.line2": a.line2 ?? "",
    "shippingAddress.city": a.city,
    "shippingAddress.region": a.region ?? "",
    "shippingAddress.postalCode": a.postalCode,
    "shippingAddress.country": a.country,
  };
}

/** One line for an address: its name, street, city, region, postal code and country. */
export function addressLine(a: SavedAddress, locale: string): string {
  const place = [a.region, a.postalCode].filter(Boolean).join(" ");
  return [a.name, a.line1, a.line2, a.city, place, countryName(a.country, locale)]
    .filter(Boolean)
    .join(", ");
}

/**
 * The saved address a checkout starts from: the one asked for (`?address=`), else the last used
 * that this market ships to.
 */
export function startingAddress(
  book: SavedAddress[],
  countries: string[],
  asked: string | undefined,
): SavedAddress | undefined {
  const shippable = book.filter((a) => countries.includes(a.country));
  return shippable.find((a) => a.id === asked) ?? shippable[0];
}

/**
 * The customer's saved addresses this market ships to, to fill the checkout's fields with one:
 * a form of its own (it cannot sit inside the checkout's), so it works without JavaScript.
 */
export function SavedAddressPicker(props: {
  book: SavedAddress[];
  countries: string[];
  chosen: string | undefined;
  locale: string;
}) {
  const shippable = props.book.filter((a) => props.countries.includes(a.country));
  if (shippable.length === 0) return null;
  return (
    <form method="get" action="/checkout" class="saved-addresses">
      <fieldset>
        <legend>Your saved addresses</legend>
        {shippable.map((a) => (
          <label class="choice">
            <input type="radio" name="address" value={a.id} checked={a.id === props.chosen} />{" "}
            {addressLine(a, props.locale)}
          </label>
        ))}
        <button type="submit" class="secondary">
          Use this address
        </button>{" "}
        <a href="/account/addresses">Manage addresses</a>
      </fieldset>
    </form>
  );
}

/** Whether the checkout keeps its address in the book: ticked unless the shopper unticked it. */
export function SaveAddressBox(props: { checked: boolean }) {
  return (
    <label class="choice">
      <input type="checkbox" name="saveAddress" value="1" checked={props.checked} /> Save this
      address to my account
    </label>
  );
}
