import { describe, expect, it } from "vitest";
import { call, guest, problemOf, register } from "./helpers";

const home = {
  name: "Ada Lovelace",
  line1: "12 St James's Square",
  city: "London",
  postalCode: "SW1Y 4JH",
  country: "GB",
};

const book = (token: string, method: string, path = "", body?: unknown) =>
  call(method, `/api/v1/me/addresses${path}`, { token, body });

describe("the address book", () => {
  it("saves, lists, changes and deletes a customer's addresses, checked for their country", async () => {
    const { token } = await register();
    const created = await book(token, "POST", "", home);
    expect(created.status).toBe(201);
    const saved = (await created.json()) as { id: string; lastUsedAt: string | null };
    expect(saved).toMatchObject({ ...home, id: expect.stringMatching(/^adr_/), lastUsedAt: null });
    // The same place again, whatever its case, is the one saved.
    const again = await book(token, "POST", "", { ...home, city: "LONDON " });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(saved.id);

    // A US address needs its state; a code no country has is refused.
    const noState = await book(token, "POST", "", { ...home, country: "US", postalCode: "10001" });
    expect(noState.status).toBe(400);
    expect((await problemOf(noState)).errors).toEqual([
      { path: "region", message: "Enter the state." },
    ]);
    const noCountry = await book(token, "POST", "", { ...home, country: "XX" });
    expect((await problemOf(noCountry)).errors?.[0]?.path).toBe("country");

    const moved = await book(token, "PATCH", `/${saved.id}`, {
      line1: "1 Infinite Loop",
      line2: "Floor 2",
      country: "US",
      region: "CA",
      city: "Cupertino",
      postalCode: "95014",
    });
    expect(moved.status).toBe(200);
    expect(await moved.json()).toMatchObject({ country: "US", region: "CA", line2: "Floor 2" });
    // Changed into an address its country refuses: 400, and nothing changes.
    const bad = await book(token, "PATCH", `/${saved.id}`, { region: null });
    expect(bad.status).toBe(400);
    const listed = (await (await book(token, "GET")).json()) as { items: { region?: string }[] };
    expect(listed.items).toMatchObject([{ region: "CA" }]);
    const cleared = await book(token, "PATCH", `/${saved.id}`, { line2: null });
    expect(await cleared.json()).not.toHaveProperty("line2");

    expect((await book(token, "DELETE", `/${saved.id}`)).status).toBe(204);
    expect((await book(token, "GET", `/${saved.id}`)).status).toBe(404);
    expect((await book(token, "DELETE", `/${saved.id}`)).status).toBe(404);
  });

  it("is each customer's own: another's address is 404 to read, change or delete, and a guest has none", async () => {
    const owner = await register();
    const other = await register();
    const { id } = (await (await book(owner.token, "POST", "", home)).json()) as { id: string };
    for (const [method, body] of [["GET"], ["PATCH", { name: "Mallory" }], ["DELETE"]] as const) {
      const res = await book(other.token, method, `/${id}`, body);
      expect(res.status, method).toBe(404);
    }
    expect(((await (await book(other.token, "GET")).json()) as { items: [] }).items).toEqual([]);
    const still = (await (await book(owner.token, "GET", `/${id}`)).json()) as { name: string };
    expect(still.name).toBe(home.name);
    const { token } = await guest();
    const refused = await book(token, "POST", "", home);
    expect(refused.status).toBe(403);
    expect((await problemOf(refused)).code).toBe("forbidden");
    expect((await call("GET", "/api/v1/me/addresses")).status).toBe(401);
  });

  it("keeps at most 20, even when 25 saves race", async () => {
    const { token } = await register();
    const saves = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        book(token, "POST", "", { ...home, line1: `${i} Road` }),
      ),
    );
    const statuses = saves.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    const { items } = (await (await book(token, "GET")).json()) as { items: unknown[] };
    expect(items).toHaveLength(20);
  });
});
