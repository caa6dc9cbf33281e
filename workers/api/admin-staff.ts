import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { decodeCursor, encodeCursor } from "../../src/cursor";
import { STAFF_ROLES } from "../../src/db/account-schema";
import { createApiKey, listApiKeys, revokeApiKey } from "../../src/staff/api-keys";
import { auditEntries } from "../../src/staff/audit";
import { jsonBody, jsonContent, openApiApp, problems } from "../openapi";

const security = [{ adminToken: [] }];

const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    role: z.enum(STAFF_ROLES),
    prefix: z.string(),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: "ApiKey" });

const NewApiKeySchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    role: z.enum(STAFF_ROLES),
  })
  .meta({ id: "NewApiKey" });

const AuditEntrySchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.object({
      kind: z.string(),
      id: z.string(),
      name: z.string(),
    }),
    action: z.string(),
    target: z.string(),
    changes: z.unknown().optional(),
    requestId: z.string().nullable(),
  })
  .meta({ id: "AuditEntry" });

const createKeyRoute = createRoute({
  method: "post",
  path: "/api-keys",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(NewApiKeySchema) },
  responses: {
    201: jsonContent(ApiKeySchema.extend({ key: z.string() }), "The key, and the key itself"),
    ...problems(400, 401, 403),
  },
});

const listKeysRoute = createRoute({
  method: "get",
  path: "/api-keys",
  tags: ["Admin"],
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(ApiKeySchema) }), "The keys"),
    ...problems(401, 403),
  },
});

const revokeKeyRoute = createRoute({
  method: "delete",
  path: "/api-keys/{id}",
  tags: ["Admin"],
  security,
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: { 204: { description: "Revoked" }, ...problems(401, 403, 404) },
});

const AuditCursor = z.object({ before: z.number().int() });

const auditRoute = createRoute({
  method: "get",
  path: "/audit",
  tags: ["Admin"],
  security,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(50),
      cursor: z.string().max(200).optional(),
      actor: z.string().max(100).optional(),
      action: z.string().max(200).optional(),
      target: z.string().max(500).optional(),
    }),
  },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() }),
      "The page",
    ),
    ...problems(400, 401, 403),
  },
});

/** API keys and the audit log: the owner's. */
export const adminStaffRoutes = openApiApp()
  .openapi(createKeyRoute, async (c) =>
    c.json(await createApiKey(c.env.DB, c.req.valid("json")), 201),
  )
  .openapi(listKeysRoute, async (c) => c.json({ items: await listApiKeys(c.env.DB) }, 200))
  .openapi(revokeKeyRoute, async (c) => {
    await revokeApiKey(c.env.DB, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(auditRoute, async (c) => {
    const { limit, cursor, actor, action, target } = c.req.valid("query");
    const page = await auditEntries(c.env.DB, {
      limit,
      before: cursor ? decodeCursor(cursor, AuditCursor).before : null,
      ...(actor ? { actor } : {}),
      ...(action ? { action } : {}),
      ...(target ? { target } : {}),
    });
    const nextCursor = page.nextBefore === null ? null : encodeCursor({ before: page.nextBefore });
    return c.json({ items: page.items, nextCursor }, 200);
  });
