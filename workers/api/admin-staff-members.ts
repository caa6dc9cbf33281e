import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { notFound } from "../../src/errors";
import { InviteStaffSchema, StaffMemberSchema, UpdateStaffSchema } from "../../src/schemas/staff";
import {
  endStaffSessions,
  findStaff,
  inviteStaff,
  listStaff,
  reinviteStaff,
  removeStaff,
  updateStaff,
} from "../../src/staff/members";
import { jsonBody, jsonContent, openApiApp, problems } from "../openapi";

const security = [{ adminToken: [] }];
const params = z.object({ id: z.string().min(1).max(100) });

const inviteRoute = createRoute({
  method: "post",
  path: "/staff",
  tags: ["Admin"],
  security,
  request: { body: jsonBody(InviteStaffSchema) },
  responses: {
    201: jsonContent(StaffMemberSchema, "The member, `invited`"),
    ...problems(400, 401, 403, 409),
  },
});

const listRoute = createRoute({
  method: "get",
  path: "/staff",
  tags: ["Admin"],
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(StaffMemberSchema) }), "The members"),
    ...problems(401, 403),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/staff/{id}",
  tags: ["Admin"],
  security,
  request: { params },
  responses: { 200: jsonContent(StaffMemberSchema, "The member"), ...problems(401, 403, 404) },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/staff/{id}",
  tags: ["Admin"],
  security,
  request: { params, body: jsonBody(UpdateStaffSchema) },
  responses: {
    200: jsonContent(StaffMemberSchema, "The member"),
    ...problems(400, 401, 403, 404),
  },
});

const removeRoute = createRoute({
  method: "delete",
  path: "/staff/{id}",
  tags: ["Admin"],
  security,
  request: { params },
  responses: { 204: { description: "Removed" }, ...problems(401, 403, 404) },
});

const reinviteRoute = createRoute({
  method: "post",
  path: "/staff/{id}/invite",
  tags: ["Admin"],
  security,
  request: { params },
  responses: { 202: { description: "The email is on its way" }, ...problems(401, 403, 404) },
});

const endSessionsRoute = createRoute({
  method: "post",
  path: "/staff/{id}/sessions/revoke",
  tags: ["Admin"],
  security,
  request: { params },
  responses: { 204: { description: "Ended" }, ...problems(401, 403, 404) },
});

const originOf = (url: string) => new URL(url).origin;

/** Members of staff: the owner's. */
export const adminStaffMemberRoutes = openApiApp()
  .openapi(inviteRoute, async (c) => {
    const member = await inviteStaff(
      c.env.DB,
      c.env.JWT_SECRET,
      c.req.valid("json"),
      c.get("actor").name,
      originOf(c.req.url),
    );
    return c.json(member, 201);
  })
  .openapi(listRoute, async (c) => c.json({ items: await listStaff(c.env.DB) }, 200))
  .openapi(getRoute, async (c) => {
    const member = await findStaff(c.env.DB, c.req.valid("param").id);
    if (!member) throw notFound("Member of staff");
    return c.json(member, 200);
  })
  .openapi(updateRoute, async (c) =>
    c.json(await updateStaff(c.env.DB, c.req.valid("param").id, c.req.valid("json")), 200),
  )
  .openapi(removeRoute, async (c) => {
    await removeStaff(c.env.DB, c.req.valid("param").id);
    return c.body(null, 204);
  })
  .openapi(reinviteRoute, async (c) => {
    await reinviteStaff(c.env.DB, c.env.JWT_SECRET, c.req.valid("param").id, originOf(c.req.url));
    return c.body(null, 202);
  })
  .openapi(endSessionsRoute, async (c) => {
    await endStaffSessions(c.env.DB, c.req.valid("param").id);
    return c.body(null, 204);
  });
