/** What a shopper does in the browser, in the words the page shows (labels, button names). */

export const CARDS = {
  visa: "Test Visa ending 4242 (approved)",
  declined: "Test card that is declined",
};

export const ADDRESS = {
  Email: "ada@example.com",
  "Full name": "Ada Lovelace",
  "Address line 1": "12 Analytical Row",
  City: "London",
  "Postal code": "N1 9GU",
  Country: "GB",
};

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * On a product page: picks the variant by its title ("Black / M": on a page of options, each
 * value in the options' order), adds it, lands on the cart.
 */
export async function addVariant(page, variant, quantity = 1) {
  if ((await page.locator("fieldset.option").count()) > 0) {
    for (const value of variant.split(" / ")) {
      await pickOption(page, value);
    }
  } else {
    await page.getByRole("radio", { name: new RegExp(`^${escapeRegExp(variant)}:`) }).check();
  }
  await page.getByLabel("Quantity", { exact: true }).fill(String(quantity));
  await page.getByRole("button", { name: "Add to cart" }).click();
  await page.waitForURL("**/cart");
}

/** On a page of options: picks a value's button (its label may add "(sold out)"). */
export function pickOption(page, value) {
  return page
    .getByRole("radio", { name: new RegExp(`^${escapeRegExp(value)}( \\(|$)`) })
    .check({ force: true });
}

export async function addToCart(page, slug, variant, quantity = 1) {
  await page.goto(`/products/${slug}`);
  await addVariant(page, variant, quantity);
}

/** The cart's rows as "title variant × quantity", in page order. */
export function cartLines(page) {
  return page
    .locator("main tbody tr")
    .evaluateAll((rows) =>
      rows.map(
        (row) =>
          `${row.querySelector("td a")?.textContent} ${row.querySelector(".muted")?.textContent} × ${row.querySelector("input")?.value}`,
      ),
    );
}

/**
 * The checkout's contact and shipping fields. The country is chosen first: the page then shows
 * that country's address fields (a US state, say) and its shipping and total.
 */
export async function fillAddress(page, address = ADDRESS) {
  const { Country: country, ...fields } = address;
  if (country) {
    await page.getByLabel("Country", { exact: true }).selectOption(country);
    await page.getByRole("button", { name: "Update shipping and total" }).click();
    await page.getByRole("heading", { level: 1, name: "Checkout" }).waitFor();
  }
  for (const [label, value] of Object.entries(fields)) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
}

export async function fillCheckout(page, card, address = ADDRESS) {
  await fillAddress(page, address);
  await page.getByLabel(card, { exact: true }).check();
}

export function placeOrder(page) {
  return page.getByRole("button", { name: "Place order" }).click();
}

/** The order page polls the API and rewrites its status badge until the order settles. */
export function waitForOrderStatus(page, status, timeout = 30_000) {
  return page.waitForFunction(
    (wanted) => document.querySelector("main .status")?.getAttribute("data-status") === wanted,
    status,
    { timeout },
  );
}
