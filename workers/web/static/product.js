// On a product page: the price beside the title follows the variant chosen below it. Without
// JavaScript each choice shows its own price, and the line shows the one chosen when the page
// was made (`?variant=`).
(() => {
  const line = document.querySelector("[data-chosen-price]");
  const form = line && document.querySelector("form[data-variants]");
  if (!form) return;
  form.addEventListener("change", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || input.name !== "sku") return;
    const price = input.getAttribute("data-price");
    if (price) line.textContent = price;
    const url = new URL(location.href);
    url.searchParams.set("variant", input.value);
    history.replaceState(null, "", url);
  });
})();
