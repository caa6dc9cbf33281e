import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { type Actor, auditStatement } from "../src/staff/audit";
import { auditedDb } from "../src/staff/audited-db";
import { adminCall, createProduct, unique } from "./helpers";

const actor: Actor = { kind: "admin_token", id: "probe", name: "probe", role: "owner" };

/** An audited binding whose entry's action is `action`, and a count of those entries. */
function probe(action: string) {
  const audited = auditedDb(env.DB, () =>
    auditStatement(env.DB, actor, { action, target: "probe", requestId: null }),
  );
  const entries = async () =>
    (await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = ?")
      .bind(action)
      .first<number>("n")) ?? 0;
  return { ...audited, entries };
}

async function auditOf(target: string) {
  const res = await adminCall("GET", `/api/v1/admin/audit?target=${encodeURIComponent(target)}`);
  return ((await res.json()) as { items: { action: string; changes?: unknown }[] }).items;
}

beforeAll(async () => {
  await env.DB.exec("CREATE TABLE IF NOT EXISTS audit_probe (id TEXT PRIMARY KEY, n INTEGER)");
});

describe("an audited D1 binding", () => {
  it("writes the entry with the first write only, and answers every statement as D1 does", async () => {
    const p = probe(unique("probe"));
    const id = unique("row");
    // Reads never carry it.
    expect(await p.db.prepare("SELECT 1 AS one").first("one")).toBe(1);
    await p.db.batch([p.db.prepare("SELECT 2 AS two")]);
    expect(p.written()).toBe(false);
    expect(await p.entries()).toBe(0);
    // The first write carries it, and its answer is the statement's own.
    const row = await p.db
      .prepare("INSERT INTO audit_probe (id, n) VALUES (?, 1) RETURNING id, n")
      .bind(id)
      .first<{ id: string; n: number }>();
    expect(row).toEqual({ id, n: 1 });
    expect(p.written()).toBe(true);
    expect(await p.entries()).toBe(1);
    // Later writes do not.
    const raw = await p.db
      .prepare("UPDATE audit_probe SET n = n + 1 WHERE id = ? RETURNING n")
      .bind(id)
      .raw();
    expect(raw).toEqual([[2]]);
    expect(await p.entries()).toBe(1);

    for (const run of [
      (q: ReturnType<typeof probe>) =>
        q.db.prepare("UPDATE audit_probe SET n = n + 1 WHERE id = ? RETURNING n").bind(id).raw(),
      (q: ReturnType<typeof probe>) =>
        q.db.prepare("UPDATE audit_probe SET n = n + 1 WHERE id = ?").bind(id).run(),
    ]) {
      const q = probe(unique("probe"));
      const before = await env.DB.prepare("SELECT n FROM audit_probe WHERE id = ?")
        .bind(id)
        .first<number>("n");
      const answer = await run(q);
      if (Array.isArray(answer)) expect(answer).toEqual([[(before ?? 0) + 1]]);
      else expect(answer.meta.changes).toBe(1);
      expect(await q.entries()).toBe(1);
    }
  });

  it("leaves no entry when the change fails, in a batch or alone", async () => {
    const id = unique("row");
    await env.DB.prepare("INSERT INTO audit_probe (id, n) VALUES (?, 0)").bind(id).run();
    const inBatch = probe(unique("probe"));
    await expect(
      inBatch.db.batch([
        inBatch.db.prepare("UPDATE audit_probe SET n = 5 WHERE id = ?").bind(id),
        inBatch.db.prepare("INSERT INTO audit_probe (id, n) VALUES (?, 0)").bind(id),
      ]),
    ).rejects.toThrow(/UNIQUE/);
    expect(inBatch.written()).toBe(false);
    expect(await inBatch.entries()).toBe(0);
    const alone = probe(unique("probe"));
    await expect(
      alone.db.prepare("INSERT INTO audit_probe (id, n) VALUES (?, 0)").bind(id).run(),
    ).rejects.toThrow(/UNIQUE/);
    expect(await alone.entries()).toBe(0);
    // Nothing of the failed batch was kept.
    expect(await env.DB.prepare("SELECT n FROM audit_probe WHERE id = ?").bind(id).first("n")).toBe(
      0,
    );
  });
});

describe("an admin change and its entry", () => {
  it("commit together: a change D1 refuses leaves no entry, one that commits has its before and after", async () => {
    const { input } = await createProduct();
    const { slug } = input;
    const trigger = `refuse_${slug.replace(/\W/g, "_")}`;
    await env.DB.exec(
      `CREATE TRIGGER ${trigger} BEFORE UPDATE ON products WHEN OLD.slug = '${slug}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    const refused = await adminCall("PATCH", `/api/v1/admin/products/${slug}`, { title: "Never" });
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(await auditOf(`products/${slug}`)).toEqual([]);
    await env.DB.exec(`DROP TRIGGER ${trigger}`);

    // And a change whose entry cannot be written is not made either.
    await env.DB.exec(
      `CREATE TRIGGER ${trigger} BEFORE INSERT ON audit_log WHEN NEW.target = 'products/${slug}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    const unlogged = await adminCall("PATCH", `/api/v1/admin/products/${slug}`, { title: "Never" });
    expect(unlogged.status).toBeGreaterThanOrEqual(500);
    await env.DB.exec(`DROP TRIGGER ${trigger}`);
    const title = await env.DB.prepare("SELECT title FROM products WHERE slug = ?")
      .bind(slug)
      .first("title");
    expect(title).toBe(input.title);

    const patched = await adminCall("PATCH", `/api/v1/admin/products/${slug}`, { title: "Now" });
    expect(patched.status).toBe(200);
    expect(await auditOf(`products/${slug}`)).toMatchObject([
      {
        action: "PATCH /products/:slug",
        changes: { before: { title: input.title }, after: { title: "Now" } },
      },
    ]);
  });

  it("of stock, which a Durable Object holds, is written once the object took it, with the units before", async () => {
    const { input } = await createProduct();
    const sku = input.variants[0]?.sku as string;
    const res = await adminCall("PUT", `/api/v1/admin/inventory/${sku}`, { onHand: 7 });
    expect(res.status).toBe(200);
    expect(await auditOf(`inventory/${sku}`)).toMatchObject([
      { action: "PUT /inventory/:sku", changes: { before: { onHand: 5 }, after: { onHand: 7 } } },
    ]);
  });
});
