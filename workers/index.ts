import { app } from "./app";

export { InventoryObject } from "../durable-objects/inventory";

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
