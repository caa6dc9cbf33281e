// The back office's theme page: the store's name, colour, logo and announcement bar, applied to
// every shop page (workers/web/theme.tsx) from the next catalog read on.
import type { Context } from "hono";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { imageUrl, storeImage } from "../../src/catalog/image-upload";
import { createDb } from "../../src/db/client";
import { AppError } from "../../src/errors";
import { forgetTheme, readTheme, saveTheme, ThemeSchema } from "../../src/theme/theme";
import type { AppEnv } from "../app-env";
import { statusOf } from "../problem";
import { AdminLayout } from "./admin-layout";
import { adminHtml } from "./admin-role";
import { type FormBody, fieldText } from "./form";
import { Field } from "./layout";
import { type Errors, type Values, zodErrors } from "./product-form-values";

async function themePage(
  c: Context<AppEnv>,
  form?: { values: Values; errors: Errors; error?: string; status: ContentfulStatusCode },
) {
  const theme = await readTheme(createDb(c.env.DB));
  const values: Values = form?.values ?? {
    storeName: theme.storeName,
    announcement: theme.announcement,
    accentColor: theme.accentColor,
  };
  const errors = form?.errors ?? {};
  return adminHtml(
    c,
    <AdminLayout title="Theme" section="theme" notice={c.req.query("notice")} error={form?.error}>
      <h1>Theme</h1>
      <p>
        How the shop looks to shoppers: its name, its colour, its logo and a short announcement
        above every page. A change shows on the shop's pages at once.
      </p>
      <form method="post" action="/admin/theme" enctype="multipart/form-data" novalidate>
        <Field
          name="storeName"
          label="Store name"
          value={values.storeName}
          error={errors.storeName}
        />
        <Field
          name="announcement"
          label="Announcement bar"
          hint="Up to 200 characters, e.g. Free shipping over $50. Empty: no bar."
          value={values.announcement}
          error={errors.announcement}
        />
        <Field
          name="accentColor"
          label="Colour of links and buttons"
          hint="#rrggbb, dark enough to read on white"
          value={values.accentColor}
          error={errors.accentColor}
        />
        <div class="field">
          <label for="f-logo">Logo</label>
          <small id="f-logo-hint" class="muted">
            A PNG, JPEG or WebP file of up to 5 MiB, shown 40 px high in the header.
            {theme.logoUrl ? " Empty: keep the current one." : ""}
          </small>
          <input
            id="f-logo"
            name="logo"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            aria-describedby={errors.logo ? "f-logo-hint f-logo-error" : "f-logo-hint"}
            aria-invalid={errors.logo ? "true" : undefined}
          />
          {errors.logo ? (
            <span id="f-logo-error" class="error">
              {errors.logo}
            </span>
          ) : null}
        </div>
        {theme.logoUrl ? (
          <div class="field">
            <img src={theme.logoUrl} alt={`${theme.storeName}'s logo`} height="40" />
            <label>
              <input type="checkbox" name="removeLogo" value="yes" /> Remove the logo (show the
              name)
            </label>
          </div>
        ) : null}
        <button type="submit">Save theme</button>
      </form>
    </AdminLayout>,
    form?.status ?? 200,
  );
}

export const adminThemePages = new Hono<AppEnv>()
  .get("/admin/theme", (c) => themePage(c))
  .post("/admin/theme", async (c) => {
    const form: FormBody = await c.req.parseBody();
    const values: Values = {
      storeName: fieldText(form, "storeName"),
      announcement: fieldText(form, "announcement"),
      accentColor: fieldText(form, "accentColor"),
    };
    const db = createDb(c.env.DB);
    const current = await readTheme(db);
    let logoUrl = fieldText(form, "removeLogo") === "yes" ? null : current.logoUrl;
    const file = form.logo;
    if (file instanceof File && file.size > 0) {
      try {
        logoUrl = imageUrl(
          (await storeImage(c.env.IMAGES, new Uint8Array(await file.arrayBuffer()))).file,
        );
      } catch (err) {
        if (!(err instanceof AppError) || statusOf(err.code) >= 500) throw err;
        return themePage(c, { values, errors: { logo: err.detail }, status: statusOf(err.code) });
      }
    }
    const parsed = ThemeSchema.safeParse({ ...values, logoUrl });
    if (!parsed.success) {
      const errors: Errors = {};
      for (const e of zodErrors(parsed.error.issues)) errors[e.path] ??= e.message;
      return themePage(c, { values, errors, status: 400 });
    }
    await saveTheme({ db, kv: c.env.CATALOG_CACHE }, parsed.data);
    forgetTheme();
    return c.redirect(`/admin/theme?notice=${encodeURIComponent("Saved the theme.")}`, 303);
  });
