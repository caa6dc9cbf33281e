import { describe, expect, inject, it } from "vitest";
import { ASSET_URLS } from "../../workers/web/asset-manifest.ts";

/** Workers Static Assets serve these: the real dev server, not the Worker, answers them. */
describe("static assets", () => {
  it("serves the stylesheet, script and favicon under hashed names with a year-long cache", async () => {
    const baseUrl = inject("baseUrl");
    const html = await (await fetch(`${baseUrl}/`)).text();
    const urls = [
      /href="(\/assets\/styles\.[0-9a-f]{8}\.css)"/.exec(html)?.[1],
      /rel="icon" href="(\/assets\/favicon\.[0-9a-f]{8}\.svg)"/.exec(html)?.[1],
    ];
    for (const url of urls) expect(url).toBeDefined();
    urls.push(ASSET_URLS.orderStatusJs);
    for (const url of urls) {
      const res = await fetch(`${baseUrl}${url}`);
      expect(res.status, url).toBe(200);
      expect(res.headers.get("cache-control"), url).toBe("public, max-age=31536000, immutable");
      await res.body?.cancel();
    }
    const missing = await fetch(`${baseUrl}/assets/styles.00000000.css`);
    expect(missing.status).toBe(404);
    await missing.body?.cancel();
  });
});
