// The back office's forms for a market, a country's tax rates and a shipping zone, filled again
// after a refusal. Rows left empty are ignored.
import { Field } from "./layout";
import type { Errors, Values } from "./product-form-values";
import { TaxClassSelect } from "./tax-class-select";

/** Blank rows offered beside the ones there are. */
export const RATE_ROWS = 6;
export const METHOD_ROWS = 4;

type FieldsOf = (name: string, label: string, hint?: string) => unknown;

const fieldsOf =
  (values: Values, errors: Errors): FieldsOf =>
  (name, label, hint) => (
    <Field name={name} label={label} value={values[name]} error={errors[name]} hint={hint} />
  );

function Check(props: { name: string; label: string; checked: boolean }) {
  return (
    <div class="field">
      <label>
        <input type="checkbox" name={props.name} value="yes" checked={props.checked} />{" "}
        {props.label}
      </label>
    </div>
  );
}

export function MarketForm({ values, errors }: { values: Values; errors: Errors }) {
  const field = fieldsOf(values, errors);
  return (
    <form method="post" action="/admin/markets" novalidate>
      <fieldset>
        <legend>Add or change a market</legend>
        <div class="cols">
          {field("id", "Id", "Lowercase, e.g. eu; an existing id changes that market")}
          {field("name", "Name")}
          {field("currency", "Currency", "ISO 4217, e.g. EUR")}
          {field("locale", "Locale", "e.g. de-DE")}
          {field("countries", "Countries", "Two-letter codes, e.g. DE FR NL")}
        </div>
        <Check
          name="pricesIncludeTax"
          label="Prices include tax"
          checked={values.pricesIncludeTax === "yes"}
        />
        <Check name="default" label="The default market" checked={values.default === "yes"} />
        <button type="submit">Save market</button>
      </fieldset>
    </form>
  );
}

export function TaxRatesForm({ values, errors }: { values: Values; errors: Errors }) {
  const field = fieldsOf(values, errors);
  return (
    <form method="post" action="/admin/tax-rates" novalidate>
      <fieldset>
        <legend>Set a country's tax rates</legend>
        {field("country", "Country", "Two letters; these rows replace all of its rates")}
        {Array.from({ length: RATE_ROWS }, (_, i) => (
          <div class="cols">
            {field(`rates.${i}.region`, "Region (optional)", "e.g. CA for a US state")}
            <TaxClassSelect name={`rates.${i}.taxClass`} value={values[`rates.${i}.taxClass`]} />
            {field(`rates.${i}.name`, "Name", "e.g. VAT")}
            {field(`rates.${i}.rate`, "Rate (%)", "e.g. 19 or 7.25")}
          </div>
        ))}
        <button type="submit">Save rates</button>
      </fieldset>
    </form>
  );
}

export function ZoneForm({ values, errors }: { values: Values; errors: Errors }) {
  const field = fieldsOf(values, errors);
  return (
    <form method="post" action="/admin/shipping-zones" novalidate>
      <fieldset>
        <legend>Add or change a shipping zone</legend>
        <div class="cols">
          {field("id", "Id", "Lowercase, e.g. eu-union")}
          {field("market", "Market id")}
          {field("name", "Name")}
          {field("countries", "Countries", "Two-letter codes, or * for every other country")}
        </div>
        {Array.from({ length: METHOD_ROWS }, (_, i) => (
          <div class="cols">
            {field(`methods.${i}.id`, "Method id", "e.g. eu-express")}
            {field(`methods.${i}.name`, "Name")}
            {field(`methods.${i}.price`, "Price", "In the market's currency")}
            {field(`methods.${i}.freeOver`, "Free from (optional)")}
            {field(`methods.${i}.estimate`, "Estimate (optional)")}
            <TaxClassSelect
              name={`methods.${i}.taxClass`}
              value={values[`methods.${i}.taxClass`]}
            />
          </div>
        ))}
        <button type="submit">Save zone</button>
      </fieldset>
    </form>
  );
}
