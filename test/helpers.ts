import { exports } from "cloudflare:workers";

export const ADMIN_TOKEN = "test-admin-token";
export const ORIGIN = "https://shop.test";

export interface CallOptions {
  body?: unknown;
  token?: string | null;
  headers?: Record<string, string>;
  /** The country Cloudflare would report for the request (`request.cf.country`). */
  country?: string;
}

/** Calls the Worker's fetch handler as a client would. */
export function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  let body: string | undefined;
  if (options.body !== undefined && method !== "GET" && method !== "HEAD") {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers,
      body,
      redirect: "manual",
      ...(options.country ? { cf: { country: options.country } } : {}),
    }),
  );
}

export const adminCall = (method: string, path: string, body?: unknown) =>
  call(method, path, { body, token: ADMIN_TOKEN });

let counter = 0;
/** A unique suffix, so tests in one file never collide on slugs or skus. */
export const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export interface VariantInput {
  sku: string;
  title: string;
  price: { amount: number; currency: string };
  stock?: number;
}

export function newProduct(overrides: Record<string, unknown> = {}) {
  const slug = unique("prod");
  return {
    slug,
    title: `Product ${slug}`,
    description: "A fine thing.",
    category: "things",
    variants: [
      {
        sku: `${slug}-a`.toUpperCase(),
        title: "Default",
        price: { amount: 1500, currency: "USD" },
        stock: 5,
      },
    ] as VariantInput[],
    ...overrides,
  };
}

export async function createProduct(overrides: Record<string, unknown> = {}) {
  const input = newProduct(overrides);
  const res = await adminCall("POST", "/api/v1/admin/products", input);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return { input, product: (await res.json()) as ProductBody };
}

export interface ProductImageBody {
  id: number;
  url: string;
  alt: string;
  width: number;
  height: number;
  skus: string[];
}

export interface ProductBody {
  id: string;
  slug: string;
  title: string;
  description: string;
  category: string;
  imageUrl: string;
  options: { name: string; values: string[] }[];
  images: ProductImageBody[];
  variants: {
    sku: string;
    title: string;
    price: { amount: number; currency: string };
    available: number;
    options: Record<string, string>;
    images: Omit<ProductImageBody, "skus">[];
  }[];
  updatedAt: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

export async function problemOf(res: Response): Promise<Problem> {
  if (!res.headers.get("content-type")?.startsWith("application/problem+json")) {
    throw new Error(`not a problem response: ${res.status} ${res.headers.get("content-type")}`);
  }
  return (await res.json()) as Problem;
}

export interface AuthBody {
  token: string;
  shopper: { id: string; kind: "guest" | "customer"; email?: string; name?: string | null };
}

let ipCounter = 0;
/** A fresh client address per call site, so rate limits of one test never reach another. */
export const freshIp = () => `203.0.113.${(ipCounter++ % 250) + 1}`;

export async function guest(): Promise<AuthBody> {
  const res = await call("POST", "/api/v1/auth/guest");
  if (res.status !== 201) throw new Error(`guest failed: ${res.status}`);
  return (await res.json()) as AuthBody;
}

export async function register(
  email = `${unique("user")}@example.com`,
  password = "a long password",
) {
  const res = await call("POST", "/api/v1/auth/register", {
    body: { email, password, name: "Ada" },
    headers: { "cf-connecting-ip": freshIp() },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  return { email, password, ...((await res.json()) as AuthBody) };
}

/** A browser-like client: keeps cookies, posts forms from this site's own origin. */
export function browser() {
  const jar = new Map<string, string>();
  const send = async (
    method: string,
    path: string,
    form?: Record<string, string>,
    origin = ORIGIN,
  ) => {
    const headers: Record<string, string> = {};
    if (jar.size) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers.origin = origin;
    }
    const res = await call(method, path, {
      headers,
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, value] = (pair ?? "").split("=");
      if (!name) continue;
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    return res;
  };
  return {
    jar,
    get: (path: string) => send("GET", path),
    post: (path: string, form: Record<string, string>, origin?: string) =>
      send("POST", path, form, origin),
  };
}

/** Where a cart RPC comes from in a shop with no market set up: the vars' default market. */
export const HERE = { market: "default" };
