/**
 * `npm run dev`: just `wrangler dev` with live reload on 127.0.0.1:PORT (default 8787), after
 * `npm start` has set things up once (secrets, migrations, demo data). Ctrl-C stops it.
 */
import { constants } from "node:os";
import { startDevServer, stopDevServer } from "./wrangler.mjs";

const port = Number(process.env.PORT ?? 8787);
const server = startDevServer({ port, persistTo: process.env.PERSIST_DIR || undefined });
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, async () => {
    const status = await stopDevServer(server, signal);
    process.exit(status.code ?? 128 + constants.signals[status.signal]);
  });
}
const { code } = await server.exited;
process.exit(code ?? 1);
