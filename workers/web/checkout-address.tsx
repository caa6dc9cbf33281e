import type { CartView } from "../../src/cart/cart-view";
import { countryName } from "../../src/markets/countries";
import type { ShippingOption } from "../../src/markets/shipping";
import { formatMoney, money } from "../../src/money";
import { TableHead } from "./layout";

/** What is being bought, as the order will list it. */
export function BuyingLines({ cart, locale }: { cart: CartView; locale: string }) {
  return (
    <table class="cart">
      <caption class="skip">What you are buying</caption>
      <TableHead
        columns={["Item", { label: "Quantity", numeric: true }, { label: "Total", numeric: true }]}
      />
      <tbody>
        {cart.items.map((item) => (
          <tr>
            <td>
              {item.title}
              <div class="muted">{item.variantTitle}</div>
            </td>
            <td class="num">{item.quantity}</td>
            <td class="num">{formatMoney(item.lineTotal, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The countries the cart's market ships to, named in its locale. */
export function CountrySelect(props: {
  countries: string[];
  chosen: string;
  locale: string;
  error?: string | undefined;
}) {
  const named = props.countries
    .map((code) => ({ code, name: countryName(code, props.locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, props.locale));
  return (
    <div class="field">
      <label for="f-shippingAddress-country">Country</label>
      <select
        id="f-shippingAddress-country"
        name="shippingAddress.country"
        autocomplete="country"
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? "f-shippingAddress-country-error" : undefined}
      >
        {named.map(({ code, name }) => (
          <option value={code} selected={code === props.chosen}>
            {name}
          </option>
        ))}
      </select>
      {props.error ? (
        <span id="f-shippingAddress-country-error" class="error">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

/** The ways to ship to the chosen country, priced for this cart, the chosen one checked. */
export function ShippingChoice(props: {
  options: ShippingOption[];
  chosen: string | undefined;
  currency: string;
  locale: string;
}) {
  if (props.options.length === 0) {
    return <p class="error">Nothing ships to this country from this shop.</p>;
  }
  return (
    <fieldset class="shipping-methods">
      <legend>Shipping</legend>
      {props.options.map(({ method, price }) => (
        <label class="choice">
          <input
            type="radio"
            name="shippingMethod"
            value={method.id}
            checked={method.id === props.chosen}
          />{" "}
          {method.name}
          {method.estimate ? <span class="muted"> · {method.estimate}</span> : null}{" "}
          <strong>
            {price === 0 ? "Free" : formatMoney(money(price, props.currency), props.locale)}
          </strong>
        </label>
      ))}
    </fieldset>
  );
}
