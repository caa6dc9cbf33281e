import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** The bulk endpoint takes 1..100 products per request. */
const MAX_PRODUCTS_PER_REQUEST = 100;
/**
 * The Worker checks all of a request's skus in one D1 statement, and D1 allows at most 100 bound
 * parameters per statement: more skus fail with 500 "too many SQL variables".
 */
const MAX_SKUS_PER_REQUEST = 100;
/** The Worker rejects bodies over 64 KiB; stay a little below to leave room for the envelope. */
const MAX_BODY_BYTES = 60 * 1024;
const PROGRESS_EVERY = 1000;

/**
 * Splits products into chunks that each fit in one bulk request: at most 100 products, 100 skus
 * and MAX_BODY_BYTES of JSON, so long descriptions or many variants simply make smaller chunks.
 */
function chunkForRequests(products) {
  const chunks = [];
  let current = [];
  let skus = 0;
  let bytes = 0;
  for (const product of products) {
    const size = Buffer.byteLength(JSON.stringify(product)) + 1; // + the separating comma
    const full =
      current.length === MAX_PRODUCTS_PER_REQUEST ||
      skus + product.variants.length > MAX_SKUS_PER_REQUEST ||
      bytes + size > MAX_BODY_BYTES;
    if (current.length > 0 && full) {
      chunks.push(current);
      current = [];
      skus = 0;
      bytes = 0;
    }
    current.push(product);
    skus += product.variants.length;
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Posts one bulk request; answers "conflict" when a slug or sku of it exists already. */
async function postChunk(baseUrl, adminToken, products) {
  const res = await fetch(new URL("/api/v1/admin/products/bulk", baseUrl), {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ products }),
  });
  if (res.status === 201) {
    await res.body?.cancel();
    return "created";
  }
  const problem = await res.json().catch(() => ({}));
  if (res.status === 409) return "conflict";
  throw new Error(
    `Bulk load failed with ${res.status} at "${products[0].slug}": ${problem.code ?? ""} ${problem.detail ?? ""}`.trim(),
  );
}

const exists = async (baseUrl, slug) => {
  const res = await fetch(new URL(`/api/v1/products/${slug}`, baseUrl));
  await res.body?.cancel();
  return res.status === 200;
};

/**
 * Loads a chunk, skipping products that exist: the bulk request is all or nothing, so a conflict
 * sends only the products whose slugs are not listed yet, and then, if one still conflicts (an
 * archived product, or a sku taken), each of them alone.
 */
async function loadChunk(baseUrl, adminToken, products) {
  if ((await postChunk(baseUrl, adminToken, products)) === "created") {
    return { loaded: products.length, skipped: 0 };
  }
  const listed = await Promise.all(products.map((p) => exists(baseUrl, p.slug)));
  const missing = products.filter((_, i) => !listed[i]);
  if (missing.length === 0) return { loaded: 0, skipped: products.length };
  if ((await postChunk(baseUrl, adminToken, missing)) === "created") {
    return { loaded: missing.length, skipped: products.length - missing.length };
  }
  let loaded = 0;
  for (const product of missing) {
    if ((await postChunk(baseUrl, adminToken, [product])) === "created") loaded += 1;
  }
  return { loaded, skipped: products.length - loaded };
}

/**
 * Posts products to the bulk endpoint with up to `concurrency` requests in flight; products
 * whose slug or sku exists are skipped, so loading twice is harmless. Stops taking new chunks
 * after the first failure and rethrows it. Answers how many were loaded and skipped.
 */
export async function loadCatalog(baseUrl, adminToken, products, { concurrency = 4 } = {}) {
  const chunks = chunkForRequests(products);
  let next = 0;
  let loaded = 0;
  let skipped = 0;
  let failed = false;

  async function worker() {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++];
      let result;
      try {
        result = await loadChunk(baseUrl, adminToken, chunk);
      } catch (err) {
        failed = true;
        throw err;
      }
      const before = loaded + skipped;
      loaded += result.loaded;
      skipped += result.skipped;
      if (Math.floor((loaded + skipped) / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) {
        console.log(`  ${loaded + skipped}/${products.length} products`);
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return { loaded, skipped };
}

/** Polls GET /healthz until it answers 200; throws after `timeoutMs`. */
export async function waitForServer(baseUrl, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const url = new URL("/healthz", baseUrl);
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.status === 200) return;
    } catch {
      // Not listening yet (or still starting up): try again shortly.
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer 200 within ${Math.round(timeoutMs / 1000)} s`);
}

/** Loads the demo catalog into an empty store; leaves a store with products alone. */
export async function seedDemoIfEmpty(baseUrl, adminToken) {
  const res = await fetch(`${baseUrl}/api/v1/products?limit=1`);
  if (!res.ok) throw new Error(`GET /api/v1/products answered ${res.status}: ${await res.text()}`);
  const { items } = await res.json();
  if (items.length > 0) {
    console.log("The catalog already has products: kept the existing data.");
    return;
  }
  const count = await loadDemo(baseUrl, adminToken);
  console.log(`Loaded ${count} demo products in 4 markets (us, eu, gb, jp).`);
}

/** The demo store: its markets first (its products' prices are in them), then its products. */
export async function loadDemo(baseUrl, adminToken) {
  const { demoCatalog } = await import("./demo-catalog.mjs");
  const { setUpDemoMarkets } = await import("./demo-markets.mjs");
  await setUpDemoMarkets(baseUrl, adminToken);
  const products = demoCatalog();
  await loadCatalog(baseUrl, adminToken, products);
  await loadDemoPictures(baseUrl, adminToken, products);
  await loadDemoCollections(baseUrl, adminToken);
  return products.length;
}

/** The demo's tags and its three home-page collections (one already there is left alone). */
async function loadDemoCollections(baseUrl, adminToken) {
  const { DEMO_COLLECTIONS, DEMO_GIFTS } = await import("./demo-collections.mjs");
  const send = async (method, path, body, ok = []) => {
    const res = await fetch(`${baseUrl}/api/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (!res.ok && !ok.includes(res.status)) {
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    }
  };
  for (const slug of DEMO_GIFTS) await send("PUT", `/products/${slug}/tags`, { tags: ["gift"] });
  for (const collection of DEMO_COLLECTIONS) await send("POST", "/collections", collection, [409]);
}

/** Uploads the demo products' pictures (scripts/demo-pictures/) to those that have none yet. */
async function loadDemoPictures(baseUrl, adminToken, products) {
  const { demoPictures, PICTURES_DIR } = await import("./demo-pictures.mjs");
  const headers = { authorization: `Bearer ${adminToken}`, "content-type": "image/png" };
  const queue = [...products];
  async function worker() {
    for (let product = queue.shift(); product; product = queue.shift()) {
      const shown = await fetch(`${baseUrl}/api/v1/products/${product.slug}`);
      if (!shown.ok || (await shown.json()).images.length > 0) continue;
      for (const picture of demoPictures(product)) {
        const query = new URLSearchParams({ alt: picture.alt, skus: picture.skus.join(",") });
        const res = await fetch(
          `${baseUrl}/api/v1/admin/products/${product.slug}/images?${query}`,
          {
            method: "POST",
            headers,
            body: readFileSync(join(PICTURES_DIR, picture.file)),
          },
        );
        if (!res.ok) throw new Error(`picture ${picture.file}: ${res.status} ${await res.text()}`);
      }
    }
  }
  await Promise.all(Array.from({ length: 4 }, worker));
}
