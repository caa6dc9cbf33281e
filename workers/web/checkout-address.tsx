import type { CartView } from "../../src/cart/cart-view";
import { addressFormOf, countryName } from "../../src/markets/countries";
import type { ShippingOption } from "../../src/markets/shipping";
import { formatMoney, money } from "../../src/money";
import { Field, LineThumb, TableHead } from "./layout";

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
              <span class="line-item">
                <LineThumb src={item.imageUrl} />
                <span>
                  {item.title}
                  <span class="muted"> {item.variantTitle}</span>
                </span>
              </span>
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

const ADDRESS_FIELDS = [
  ["shippingAddress.name", "Full name", "name"],
  ["shippingAddress.line1", "Address line 1", "address-line1"],
  ["shippingAddress.line2", "Address line 2 (optional)", "address-line2"],
  ["shippingAddress.city", "City", "address-level2"],
] as const;

/**
 * An address's fields, named as the checkout request's (`shippingAddress.*`): the checkout's and
 * the address book's forms. The region is asked as `country` writes addresses (a US state).
 */
export function AddressFields(props: {
  values: Record<string, string>;
  errors: Record<string, string>;
  countries: string[];
  country: string;
  locale: string;
}) {
  const { values: v, errors } = props;
  const form = addressFormOf(props.country);
  return (
    <>
      {ADDRESS_FIELDS.map(([name, label, autocomplete]) => (
        <Field
          name={name}
          label={label}
          autocomplete={autocomplete}
          value={v[name]}
          error={errors[name]}
          required={!label.includes("optional")}
        />
      ))}
      <CountrySelect
        countries={props.countries}
        chosen={props.country}
        locale={props.locale}
        error={errors["shippingAddress.country"]}
      />
      {form.region ? (
        <Field
          name="shippingAddress.region"
          label={form.region.label}
          autocomplete="address-level1"
          value={v["shippingAddress.region"]}
          error={errors["shippingAddress.region"]}
          required={form.region.required}
          hint={props.country === "US" ? "Two letters, such as CA" : undefined}
        />
      ) : null}
      <Field
        name="shippingAddress.postalCode"
        label="Postal code"
        hint={form.postalCodeName ?? undefined}
        autocomplete="postal-code"
        value={v["shippingAddress.postalCode"]}
        error={errors["shippingAddress.postalCode"]}
        required
      />
    </>
  );
}
