import { app } from "./app";

export { CartObject } from "../durable-objects/cart";
export { InventoryObject } from "../durable-objects/inventory";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
