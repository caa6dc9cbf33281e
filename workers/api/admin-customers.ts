import { createRoute } from "@hono/zod-openapi";
import * as z from "zod";
import { findCustomer } from "../../src/auth/customers";
import { createDb } from "../../src/db/client";
import { notFound } from "../../src/errors";
import {
  CustomerDetailSchema,
  CustomerSearchSchema,
  CustomerSummarySchema,
} from "../../src/schemas/admin-customers";
import { customerDetail, searchCustomers } from "../../src/staff/customers";
import { jsonContent, openApiApp, problems } from "../openapi";
import { askPasswordReset } from "./account-auth";

const security = [{ adminToken: [] }];
const idParam = z.object({ id: z.string().min(1).max(64) });

const listRoute = createRoute({
  method: "get",
  path: "/customers",
  tags: ["Admin"],
  security,
  request: { query: CustomerSearchSchema },
  responses: {
    200: jsonContent(
      z.object({ items: z.array(CustomerSummarySchema), nextCursor: z.string().nullable() }),
      "A page of customers",
    ),
    ...problems(400, 401, 403),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/customers/{id}",
  tags: ["Admin"],
  security,
  request: { params: idParam },
  responses: { 200: jsonContent(CustomerDetailSchema, "The customer"), ...problems(401, 403, 404) },
});

const resetRoute = createRoute({
  method: "post",
  path: "/customers/{id}/password-reset",
  tags: ["Admin"],
  security,
  request: { params: idParam },
  responses: {
    202: jsonContent(z.object({ email: z.string() }), "The address the link goes to"),
    ...problems(401, 403, 404),
  },
});

/** Customers in the back office (`customers`: support, managers, the owner). */
export const adminCustomerRoutes = openApiApp()
  .openapi(listRoute, async (c) =>
    c.json(await searchCustomers(c.env.DB, c.req.valid("query")), 200),
  )
  .openapi(getRoute, async (c) =>
    c.json(await customerDetail(c.env.DB, c.req.valid("param").id), 200),
  )
  .openapi(resetRoute, async (c) => {
    const customer = await findCustomer(createDb(c.env.DB), c.req.valid("param").id);
    if (!customer) throw notFound("Customer");
    const { email } = customer;
    await askPasswordReset(c, email);
    return c.json({ email }, 202);
  });
