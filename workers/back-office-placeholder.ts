/**
 * Stands in for the back office's Worker during an environment's first deploy, so the shop's
 * Worker can bind it before the real one, which binds the shop's Durable Objects, can exist
 * (scripts/deploy.mjs --first). The real back office replaces it moments later.
 */
export default {
  fetch: () =>
    new Response("The back office is being deployed: try again in a minute.", {
      status: 503,
      headers: { "retry-after": "60", "content-type": "text/plain; charset=utf-8" },
    }),
} satisfies ExportedHandler;
