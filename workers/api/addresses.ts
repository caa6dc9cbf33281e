import { createRoute } from "@hono/zod-openapi";
import type { Context } from "hono";
import * as z from "zod";
import {
  addAddress,
  deleteAddress,
  findAddress,
  listAddresses,
  patched,
  rememberAddressUse,
  updateAddress,
} from "../../src/auth/addresses";
import { AppError, validationFailed } from "../../src/errors";
import { logEvent } from "../../src/log";
import {
  type AddressInput,
  AddressInputSchema,
  AddressPatchSchema,
  SavedAddressSchema,
} from "../../src/schemas/addresses";
import type { AppEnv } from "../app-env";
import type { ShopperClaims } from "../auth/tokens";
import { jsonBody, jsonContent, openApiApp, problem, problems } from "../openapi";
import { fieldErrors } from "../validation";

const security = [{ shopperToken: [] }];
const idParam = z.object({ id: z.string().min(1).max(64) });
const guestRefused = problem("`forbidden`: a guest has no address book");
const Address = jsonContent(SavedAddressSchema, "The address");

/** The signed-in customer's id; a guest keeps no addresses. */
function customerOf(c: Context<AppEnv>): string {
  const shopper = c.get("shopper");
  if (shopper.kind !== "customer") {
    throw new AppError("forbidden", "A guest has no address book: sign in or register.");
  }
  return shopper.id;
}

const listRoute = createRoute({
  method: "get",
  path: "/me/addresses",
  tags: ["Identity"],
  security,
  responses: {
    200: jsonContent(z.object({ items: z.array(SavedAddressSchema) }), "The addresses"),
    ...problems(401),
    403: guestRefused,
  },
});

const addRoute = createRoute({
  method: "post",
  path: "/me/addresses",
  tags: ["Identity"],
  security,
  request: { body: jsonBody(AddressInputSchema) },
  responses: {
    201: jsonContent(SavedAddressSchema, "The saved address"),
    200: jsonContent(SavedAddressSchema, "The same address, saved before"),
    ...problems(400, 401),
    403: guestRefused,
    409: problem("`conflict`: the book has 20 addresses"),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/me/addresses/{id}",
  tags: ["Identity"],
  security,
  request: { params: idParam },
  responses: { 200: Address, ...problems(401, 404), 403: guestRefused },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/me/addresses/{id}",
  tags: ["Identity"],
  security,
  request: { params: idParam, body: jsonBody(AddressPatchSchema) },
  responses: { 200: Address, ...problems(400, 401, 404), 403: guestRefused },
});

const deleteRoute = createRoute({
  method: "delete",
  path: "/me/addresses/{id}",
  tags: ["Identity"],
  security,
  request: { params: idParam },
  responses: { 204: { description: "Deleted" }, ...problems(401, 404), 403: guestRefused },
});

/**
 * After a customer's paid checkout: the address it shipped to becomes their last used one (saved
 * first when `save`). The order is placed whatever happens here, so a failure is only logged.
 */
export async function noteAddressUse(
  c: Context<AppEnv>,
  shopper: ShopperClaims,
  address: AddressInput,
  save: boolean,
) {
  if (shopper.kind !== "customer") return;
  try {
    await rememberAddressUse(c.env.DB, shopper.id, address, save);
  } catch (err) {
    logEvent("address_use_not_noted", { shopper: shopper.id, error: String(err) }, "warn");
  }
}

/** The address book (`/api/v1/me/addresses`), mounted behind `shopperAuth`. */
export const addressRoutes = openApiApp()
  .openapi(listRoute, async (c) =>
    c.json({ items: await listAddresses(c.env.DB, customerOf(c)) }, 200),
  )
  .openapi(addRoute, async (c) => {
    const { address, created } = await addAddress(c.env.DB, customerOf(c), c.req.valid("json"));
    return created ? c.json(address, 201) : c.json(address, 200);
  })
  .openapi(getRoute, async (c) =>
    c.json(await findAddress(c.env.DB, customerOf(c), c.req.valid("param").id), 200),
  )
  .openapi(patchRoute, async (c) => {
    const customerId = customerOf(c);
    const { id } = c.req.valid("param");
    const current = await findAddress(c.env.DB, customerId, id);
    const parsed = AddressInputSchema.safeParse(patched(current, c.req.valid("json")));
    if (!parsed.success) throw validationFailed(fieldErrors(parsed.error));
    return c.json(await updateAddress(c.env.DB, customerId, id, parsed.data), 200);
  })
  .openapi(deleteRoute, async (c) => {
    await deleteAddress(c.env.DB, customerOf(c), c.req.valid("param").id);
    return c.body(null, 204);
  });
