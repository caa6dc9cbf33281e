import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { type ExportKind, exportResponse } from "../exports";
import { openApiApp, problems } from "../openapi";

const exportRoute = (kind: ExportKind) =>
  createRoute({
    method: "get",
    path: `/exports/${kind}`,
    tags: ["Admin"],
    security: [{ adminToken: [] }],
    request:
      kind === "orders"
        ? {
            query: z.object({
              from: z.string().max(10).optional(),
              to: z.string().max(10).optional(),
            }),
          }
        : {},
    responses: {
      200: {
        description: "The CSV file (a download)",
        content: { "text/csv": { schema: { type: "string" as const } } },
      },
      ...(kind === "orders" ? problems(400, 401, 403) : problems(401, 403)),
    },
  });

export const adminExportRoutes = openApiApp()
  .openapi(exportRoute("products"), (c) => exportResponse(c, "products"))
  .openapi(exportRoute("stock"), (c) => exportResponse(c, "stock"))
  .openapi(exportRoute("orders"), (c) => exportResponse(c, "orders"));
