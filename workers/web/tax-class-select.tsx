import { TAX_CLASSES } from "../../src/tax/compute";

/** What a sku or a shipping method is taxed as, at each place's rate for the class. */
export function TaxClassSelect(props: { name: string; value: string | undefined }) {
  const id = `f-${props.name.replaceAll(".", "-")}`;
  return (
    <div class="field">
      <label for={id}>Tax class</label>
      <select id={id} name={props.name}>
        {TAX_CLASSES.map((taxClass) => (
          <option value={taxClass} selected={taxClass === (props.value ?? "standard")}>
            {taxClass}
          </option>
        ))}
      </select>
    </div>
  );
}
