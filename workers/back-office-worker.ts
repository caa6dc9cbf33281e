import { backOfficeApi, backOfficePages, errorPage } from "./back-office";
import { createApp, handleErrors } from "./base-app";

/**
 * The back office's Worker (back-office.toml): the admin API and the staff's pages, reached only
 * through the shop's Worker, which forwards /admin and /api/v1/admin to it (back-office-proxy.ts).
 * It shares the shop's database, cache, pictures and queue, and uses the shop Worker's Durable
 * Objects by name; the queue's consumers, the cron trigger and the objects' classes stay there.
 */
const app = createApp(errorPage);
app.route("/api/v1/admin", backOfficeApi);
app.route("/", backOfficePages);
handleErrors(app, errorPage);

export default { fetch: app.fetch } satisfies ExportedHandler<Env>;
