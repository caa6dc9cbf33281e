// On a product page: the price beside the title, the stock line and Add to cart follow the
// choice below them. For options (Size, Colour) it finds the variant of the values picked, greys
// out the values that make a combination not made or sold out, keeps the form's sku and shows the
// variant's first picture. Without
// JavaScript the page does the same on "Show this choice", and the address (`?variant=`) keeps it.
(() => {
  const form = document.querySelector("form[data-variants]");
  const line = document.querySelector("[data-chosen-price]");
  if (!form || !line) return;
  const keep = (sku) => {
    const url = new URL(location.href);
    for (const name of [...url.searchParams.keys()]) {
      if (name.startsWith("opt.")) url.searchParams.delete(name);
    }
    url.searchParams.set("variant", sku);
    history.replaceState(null, "", url);
  };
  const data = form.getAttribute("data-variants");
  if (!data) {
    form.addEventListener("change", (event) => {
      const input = event.target;
      if (!(input instanceof HTMLInputElement) || input.name !== "sku") return;
      line.textContent = input.getAttribute("data-price") ?? line.textContent;
      keep(input.value);
    });
    return;
  }
  const variants = JSON.parse(data);
  const axes = [...form.querySelectorAll("fieldset.option legend")].map((l) => l.textContent);
  const stock = form.querySelector("[data-chosen-stock]");
  const sku = form.querySelector('input[name="sku"]');
  const add = form.querySelector('.add button[type="submit"]');
  form.querySelector('button[formmethod="get"]')?.remove();
  const picked = () =>
    Object.fromEntries(axes.map((a) => [a, form.elements.namedItem(`opt.${a}`)?.value ?? ""]));
  const find = (chosen) => variants.find((v) => axes.every((a) => v.options[a] === chosen[a]));
  const words = { missing: "not made", "sold-out": "sold out" };
  const main = document.querySelector("[data-main-picture]");
  /** The chosen variant's first picture in the large slot (its size comes with it). */
  const show = (picture) => {
    if (!main || !picture || main.getAttribute("src") === picture.src) return;
    for (const name of ["srcset", "sizes"]) {
      if (picture[name]) main.setAttribute(name, picture[name]);
      else main.removeAttribute(name);
    }
    main.setAttribute("width", picture.width);
    main.setAttribute("height", picture.height);
    main.setAttribute("alt", picture.alt);
    main.setAttribute("src", picture.src);
  };
  function update() {
    const chosen = picked();
    const variant = find(chosen);
    for (const item of form.querySelectorAll("[data-value-of]")) {
      const axis = item.getAttribute("data-value-of");
      const value = item.querySelector("input")?.value;
      const other = find({ ...chosen, [axis]: value });
      const state = !other ? "missing" : other.available > 0 ? "" : "sold-out";
      item.classList.toggle("missing", state === "missing");
      item.classList.toggle("sold-out", state === "sold-out");
      const label = item.querySelector("label");
      label.querySelector(".skip")?.remove();
      if (state) {
        const note = document.createElement("span");
        note.className = "skip";
        note.textContent = ` (${words[state]})`;
        label.append(note);
      }
    }
    const sellable = Boolean(variant && variant.available > 0);
    if (variant) line.textContent = variant.price;
    const text = !variant
      ? "Not made in this combination"
      : sellable
        ? `${variant.available} available`
        : "Out of stock";
    const span = document.createElement("span");
    span.className = sellable ? "stock-in" : "stock-out";
    span.textContent = text;
    stock.replaceChildren(span);
    sku.value = variant ? variant.sku : "";
    add.disabled = !sellable;
    add.textContent = sellable ? "Add to cart" : "Unavailable";
    if (variant) {
      keep(variant.sku);
      show(variant.picture);
    }
  }
  form.addEventListener("change", (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name.startsWith("opt.")) update();
  });
})();
