/**
 * Bad requests for every operation of the OpenAPI document, as fast-check arbitraries: wrong
 * types, boundary lengths in bytes and characters, huge numbers, unicode, missing and extra
 * fields, bad JSON and bad content types. Shared by the test (`test/fuzz.test.ts`, inside
 * workerd) and the long run against a server (`npm run fuzz`).
 */
import fc from "fast-check";

const METHODS = ["get", "post", "put", "patch", "delete"];

/** Strings that have broken servers: byte-heavy, control characters, syntax of other languages. */
const nastyString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u0000",
    "中".repeat(180),
    "😀".repeat(130),
    "a".repeat(256),
    "a".repeat(5001),
    "../../etc/passwd",
    "' OR 1=1 --",
    '"*"',
    "NEAR(",
    "<script>alert(1)</script>",
    "__proto__",
    "constructor",
    "%00",
    "\\",
    "//evil.example/a.png",
    "ord_0000000000000000000",
  ),
);

const nastyNumber = fc.oneof(
  fc.constantFrom(-1, 0, 1.5, 1e308, -1e308, 2 ** 53 + 2, 1_000_000_001, 99, 100),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const nastyValue = fc.oneof(
  nastyString,
  nastyNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(nastyString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

function resolve(doc, schema) {
  let s = schema ?? {};
  while (s.$ref) s = doc.components.schemas[s.$ref.split("/").pop()] ?? {};
  return s;
}

/** A value that passes `schema` as far as a few plain choices allow (the base that is then broken). */
function plausible(doc, schema, depth = 0) {
  const s = resolve(doc, schema);
  if (depth > 4) return null;
  if (s.anyOf) return plausible(doc, s.anyOf[0], depth + 1);
  if (s.enum) return s.enum[0];
  switch (s.type) {
    case "object": {
      const out = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        out[name] = plausible(doc, prop, depth + 1);
      }
      return out;
    }
    case "array":
      return [plausible(doc, s.items, depth + 1)];
    case "integer":
    case "number":
      return s.minimum ?? 1;
    case "boolean":
      return true;
    default:
      return s.format === "email" ? "fuzz@example.com" : "fuzz-value";
  }
}

/** Paths into an object, so one field at a time can be broken, removed or joined by another. */
function fieldPaths(value, prefix = []) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [prefix];
  const paths = [prefix];
  for (const [k, v] of Object.entries(value)) paths.push(...fieldPaths(v, [...prefix, k]));
  return paths;
}

function withChange(base, path, change) {
  const copy = structuredClone(base);
  if (path.length === 0) return change.kind === "set" ? change.value : copy;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path.at(-1);
  if (change.kind === "set") node[last] = change.value;
  else if (change.kind === "delete") delete node[last];
  else node[change.key] = change.value;
  return copy;
}

function bodyArbitrary(doc, schema) {
  const base = plausible(doc, schema);
  const paths = fieldPaths(base);
  const broken = fc
    .tuple(
      fc.constantFrom(...paths),
      fc.oneof(
        nastyValue.map((value) => ({ kind: "set", value })),
        fc.constant({ kind: "delete" }),
        fc.tuple(nastyString, nastyValue).map(([key, value]) => ({ kind: "add", key, value })),
      ),
    )
    .map(([path, change]) => JSON.stringify(withChange(base, path, change)));
  return fc.oneof(
    { weight: 5, arbitrary: broken },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: nastyString },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 50, max: 3000 }).map((n) => `${"[".repeat(n)}${"]".repeat(n)}`),
    },
  );
}

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant("application/json") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "text/plain",
      "application/json; charset=utf-16",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "application/json; charset=utf-8",
      undefined,
    ),
  },
);

/** Every operation of the document: method, path template, its parameters and body schema. */
export function operationsOf(doc) {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      out.push({
        method: method.toUpperCase(),
        path,
        params: op.parameters ?? [],
        body: op.requestBody?.content?.["application/json"]?.schema,
        security: Object.keys(op.security?.[0] ?? {})[0] ?? null,
      });
    }
  }
  return out;
}

/**
 * A bad request for `op`: its path parameters, query, headers and body drawn from the nasty
 * values above. `tokens` holds a valid token of each security scheme, so requests also reach the
 * code past authentication (and sometimes come without one).
 */
export function requestArbitrary(op, doc, tokens) {
  const pathParams = op.params.filter((p) => p.in === "path");
  const queryParams = op.params.filter((p) => p.in === "query");
  return fc
    .record({
      path: fc.tuple(...pathParams.map(() => nastyString)),
      query: fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...queryParams.map((p) => p.name), "limit"), nastyString),
          fc.oneof(nastyString, nastyNumber.map(String)),
        ),
        { maxLength: 3 },
      ),
      body: op.body ? bodyArbitrary(doc, op.body) : fc.option(nastyString, { freq: 4 }),
      contentType,
      authorized: fc.oneof(
        { weight: 9, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      idempotencyKey: fc.option(nastyString, { freq: 3 }),
    })
    .map((r) => {
      let url = op.path;
      pathParams.forEach((p, i) => {
        url = url.replace(`{${p.name}}`, encodeURIComponent(r.path[i] || "x"));
      });
      const search = new URLSearchParams(r.query);
      const headers = {};
      if (r.body !== null && r.contentType) headers["content-type"] = r.contentType;
      const token = op.security ? tokens[op.security] : undefined;
      if (token && r.authorized) headers.authorization = `Bearer ${token}`;
      if (r.idempotencyKey !== null)
        headers["idempotency-key"] = encodeURIComponent(r.idempotencyKey);
      return {
        method: op.method,
        url: `${url}${search.size ? `?${search}` : ""}`,
        headers,
        body: op.method === "GET" || r.body === null ? undefined : r.body,
      };
    });
}

/** Requests for all operations, each operation as likely as the others. */
export function anyRequest(doc, tokens) {
  return fc.oneof(...operationsOf(doc).map((op) => requestArbitrary(op, doc, tokens)));
}

export { fc };
