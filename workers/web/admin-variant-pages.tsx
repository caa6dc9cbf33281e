// The back office's posts of a product's options and variants (forms in admin-product-variants.tsx):
// each refused one shows the edit page again with its fields as typed and its errors on them.
import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { addVariant, removeVariant } from "../../src/catalog/variants";
import { patchProduct } from "../../src/catalog/write";
import { readConfig } from "../../src/config";
import { AppError } from "../../src/errors";
import { NewVariantSchema, type Product, ProductPatchSchema } from "../../src/schemas/catalog";
import type { AppEnv } from "../app-env";
import { catalogWriteDeps } from "../deps";
import { statusOf } from "../problem";
import { activeProduct, editPage, productPath } from "./admin-product-forms";
import { postedAxes } from "./admin-product-variants";
import { formFields } from "./form";
import { type Errors, priceOf, type Values, valuesOf, zodErrors } from "./product-form-values";

type Failure = { path: string; message: string };

/** Runs a write; a refusal (4xx) shows the edit page again, its errors on `fieldOf` their paths. */
async function attempt(
  c: Context<AppEnv>,
  product: Product,
  values: Values,
  fieldOf: (path: string) => string,
  write: () => Promise<string>,
) {
  const again = (failures: Failure[], error: string | undefined, status: number) => {
    const errors: Errors = {};
    for (const f of failures) errors[fieldOf(f.path)] ??= f.message;
    return editPage(c, product, { values, errors, error, status: status as ContentfulStatusCode });
  };
  try {
    const notice = await write();
    return c.redirect(`${productPath(product.slug)}?notice=${encodeURIComponent(notice)}`, 303);
  } catch (err) {
    if (err instanceof Refused) return again(err.failures, undefined, 400);
    if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
    return again(err.errors ?? [], err.detail, statusOf(err.code));
  }
}

/** A form that did not parse: its fields' errors, before anything is written. */
class Refused extends Error {
  constructor(readonly failures: Failure[]) {
    super("refused");
  }
}

/** The product of the address, and the posted form's values (the edit page shows them again). */
async function posted(c: Context<AppEnv>) {
  const product = await activeProduct(c);
  return { product, values: product ? valuesOf(await formFields(c)) : {} };
}

export const adminVariantPages = new Hono<AppEnv>()
  .post("/admin/products/:slug/options", async (c) => {
    const { product, values } = await posted(c);
    if (!product) return c.notFound();
    const { patch, fieldOf } = postedAxes(product, values);
    return attempt(c, product, values, fieldOf, async () => {
      const parsed = ProductPatchSchema.safeParse(patch);
      if (!parsed.success) throw new Refused(zodErrors(parsed.error.issues));
      await patchProduct(catalogWriteDeps(c.env), product.slug, parsed.data);
      return `Saved the options of ${product.title}.`;
    });
  })
  .post("/admin/products/:slug/variants", async (c) => {
    const { product, values } = await posted(c);
    if (!product) return c.notFound();
    const fieldOf = (path: string) => {
      const axis = /^options(?:\.(.+))?$/.exec(path);
      if (axis) {
        const k = product.options.findIndex((o) => o.name === axis[1]);
        return `new.options.${Math.max(0, k)}`;
      }
      return path === "" ? "new" : `new.${path.split(".")[0]}`;
    };
    return attempt(c, product, values, fieldOf, async () => {
      const errors: Errors = {};
      const stockText = (values["new.stock"] ?? "").trim();
      if (stockText !== "" && !/^\d{1,9}$/.test(stockText)) errors.stock = "A whole number from 0.";
      const currency = readConfig(c.env).storeCurrency;
      const input = {
        sku: values["new.sku"] ?? "",
        title: values["new.title"] ?? "",
        price: priceOf(values["new.price"] ?? "", currency, "price", errors),
        stock: stockText === "" ? 0 : Number(stockText),
        ...(product.options.length > 0
          ? {
              options: Object.fromEntries(
                product.options.map((o, k) => [o.name, values[`new.options.${k}`] ?? ""]),
              ),
            }
          : {}),
      };
      const parsed = NewVariantSchema.safeParse(input);
      const failures = [
        ...Object.entries(errors).map(([path, message]) => ({ path, message })),
        ...(parsed.success ? [] : zodErrors(parsed.error.issues)),
      ];
      if (!parsed.success || failures.length > 0) throw new Refused(failures);
      await addVariant(catalogWriteDeps(c.env), product.slug, parsed.data);
      return `Added ${parsed.data.sku} to ${product.title}.`;
    });
  })
  .post("/admin/products/:slug/variants/remove", async (c) => {
    const { product, values } = await posted(c);
    if (!product) return c.notFound();
    const sku = values["remove.sku"] ?? "";
    return attempt(
      c,
      product,
      values,
      () => "remove.confirm",
      async () => {
        if (values.confirm !== "yes") {
          throw new Refused([{ path: "confirm", message: "Tick the box to confirm." }]);
        }
        await removeVariant(catalogWriteDeps(c.env), product.slug, sku);
        return `Removed ${sku} from ${product.title}.`;
      },
    );
  });
