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

async function postChunk(baseUrl, adminToken, products) {
  const res = await fetch(new URL("/api/v1/admin/products/bulk", baseUrl), {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ products }),
  });
  const text = await res.text();
  if (res.status !== 201) {
    throw new Error(`Bulk load failed with ${res.status} at "${products[0].slug}": ${text}`);
  }
}

/**
 * Posts products to the bulk endpoint with up to `concurrency` requests in flight.
 * Stops taking new chunks after the first failure and rethrows it.
 */
export async function loadCatalog(baseUrl, adminToken, products, { concurrency = 4 } = {}) {
  const chunks = chunkForRequests(products);
  let next = 0;
  let loaded = 0;
  let failed = false;

  async function worker() {
    while (!failed && next < chunks.length) {
      const chunk = chunks[next++];
      try {
        await postChunk(baseUrl, adminToken, chunk);
      } catch (err) {
        failed = true;
        throw err;
      }
      const before = loaded;
      loaded += chunk.length;
      if (Math.floor(loaded / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) {
        console.log(`  loaded ${loaded}/${products.length} products`);
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
  return loaded;
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
