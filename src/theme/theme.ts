import { eq } from "drizzle-orm";
import * as z from "zod";
import { bumpCatalogVersion, catalogVersion } from "../catalog/cache";
import { IMAGE_FILE_NAME } from "../catalog/image-upload";
import type { Db } from "../db/client";
import { storeSettings } from "../db/settings-schema";

/** The relative luminance of `#rrggbb` (WCAG 2). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG's contrast of `#rrggbb` against white: links and buttons in the colour need 4.5. */
export const contrastOnWhite = (hex: string) => 1.05 / (luminance(hex) + 0.05);

/** The store's look: its name, its colour, its logo and a short announcement above every page. */
export const ThemeSchema = z
  .strictObject({
    storeName: z.string().trim().min(1).max(60),
    announcement: z.string().trim().max(200),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "A colour such as #1f5f8b.")
      .transform((c) => c.toLowerCase())
      .refine((c) => contrastOnWhite(c) >= 4.5, {
        message: "Too light to read on white (links and buttons use it): choose a darker colour.",
      }),
    /** An uploaded picture (`/images/<sha256>.<ext>`), or none: the name alone. */
    logoUrl: z
      .string()
      .refine(
        (u) => IMAGE_FILE_NAME.test(u.replace(/^\/images\//, "")) && u.startsWith("/images/"),
        {
          message: "An uploaded picture's address, /images/<sha256>.<ext>.",
        },
      )
      .nullable(),
  })
  .meta({ id: "Theme" });

export type Theme = z.infer<typeof ThemeSchema>;

export const DEFAULT_THEME: Theme = {
  storeName: "Edge Storefront",
  announcement: "",
  accentColor: "#1f5f8b",
  logoUrl: null,
};

/** The theme as stored, or the default one. */
export async function readTheme(db: Db): Promise<Theme> {
  const row = await db.query.storeSettings.findFirst({ where: eq(storeSettings.key, "theme") });
  const parsed = ThemeSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_THEME;
}

/** Saves the theme; pages and emails show it from the next catalog read on. */
export async function saveTheme(deps: { db: Db; kv: KVNamespace }, theme: Theme) {
  await deps.db
    .insert(storeSettings)
    .values({ key: "theme", value: theme })
    .onConflictDoUpdate({
      target: storeSettings.key,
      set: { value: theme, updatedAt: new Date().toISOString() },
    });
  await bumpCatalogVersion(deps.kv);
}

let memo: { version: string; theme: Theme; at: number } | undefined;
const MEMO_MS = 5_000;

/**
 * The theme for a page, kept per isolate under the catalog version (a save bumps it) and
 * checked at most every few seconds: a warm page reads neither D1 nor KV for it.
 */
export async function themeFor(deps: { db: Db; kv: KVNamespace }): Promise<Theme> {
  if (memo && Date.now() - memo.at < MEMO_MS) return memo.theme;
  const version = await catalogVersion(deps.kv);
  if (memo?.version === version) {
    memo.at = Date.now();
    return memo.theme;
  }
  const theme = await readTheme(deps.db);
  memo = { version, theme, at: Date.now() };
  return theme;
}

/** The theme the last call to themeFor found (the default before any): for a page's render. */
export const currentTheme = (): Theme => memo?.theme ?? DEFAULT_THEME;

/** Forgets the memo (tests, and the isolate that saved a new theme). */
export const forgetTheme = () => {
  memo = undefined;
};
