import { convertV4MiniflareOptions, Log, LogLevel, Miniflare } from "miniflare";

/**
 * Miniflare on 127.0.0.1:`port` as the production-like servers use it: warnings and errors only
 * (no line per request), offline (a placeholder `request.cf`, nothing fetched from Cloudflare).
 * `options` are in Miniflare 4's shape, which wrangler also produces; this Miniflare converts them.
 */
export async function startMiniflare(port, options) {
  const mf = new Miniflare(
    convertV4MiniflareOptions({
      host: "127.0.0.1",
      port,
      log: new Log(LogLevel.WARN),
      cf: false,
      // INSPECTOR_PORT: attach Chrome DevTools (or scripts/profile.mjs) to take CPU profiles.
      ...(process.env.INSPECTOR_PORT ? { inspectorPort: Number(process.env.INSPECTOR_PORT) } : {}),
      ...options,
    }),
  );
  await mf.ready;
  return mf;
}
