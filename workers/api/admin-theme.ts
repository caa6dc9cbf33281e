import { createRoute } from "@hono/zod-openapi";
import { createDb } from "../../src/db/client";
import { forgetTheme, readTheme, saveTheme, ThemeSchema } from "../../src/theme/theme";
import { jsonBody, jsonContent, openApiApp, problems } from "../openapi";

const security = [{ adminToken: [] }];

const getThemeRoute = createRoute({
  method: "get",
  path: "/theme",
  tags: ["Admin"],
  security,
  responses: { 200: jsonContent(ThemeSchema, "The store's theme"), ...problems(401, 403) },
});

const putThemeRoute = createRoute({
  method: "put",
  path: "/theme",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(ThemeSchema) },
  responses: { 200: jsonContent(ThemeSchema, "The theme as saved"), ...problems(400, 401, 403) },
});

export const adminThemeRoutes = openApiApp()
  .openapi(getThemeRoute, async (c) => c.json(await readTheme(createDb(c.env.DB)), 200))
  .openapi(putThemeRoute, async (c) => {
    const theme = c.req.valid("json");
    await saveTheme({ db: createDb(c.env.DB), kv: c.env.CATALOG_CACHE }, theme);
    forgetTheme();
    return c.json(theme, 200);
  });
