import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { contrastOnWhite } from "../src/theme/theme";
import { ADMIN_TOKEN, adminCall, browser, call, ORIGIN, problemOf } from "./helpers";
import { imageBytes } from "./image-fixtures";
import { staffMember } from "./staff-helpers";

const THEME = {
  storeName: "Harbour Goods",
  announcement: "Free shipping over $50",
  accentColor: "#7A2E2E",
  logoUrl: null,
};

async function ownerCookie() {
  const b = browser();
  expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
  return [...b.jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

/** Posts the back office's theme form, multipart, as a browser does. */
function postTheme(cookie: string, fields: Record<string, string | File>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return exports.default.fetch(
    new Request(`${ORIGIN}/admin/theme`, {
      method: "POST",
      headers: { cookie, origin: ORIGIN },
      body: form,
      redirect: "manual",
    }),
  );
}

describe("the store's theme", () => {
  it("is the default until set: no extra stylesheet, no bar", async () => {
    const home = await (await call("GET", "/")).text();
    expect(home).toContain("<title>All products · Edge Storefront</title>");
    expect(home).not.toContain("/theme.css");
    expect(home).not.toContain('class="announcement"');
  });

  it("names the store, colours it and shows its bar on every shop page once set", async () => {
    const res = await adminCall("PUT", "/api/v1/admin/theme", THEME);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ...THEME, accentColor: "#7a2e2e" });
    for (const path of ["/", "/cart", "/no-such-page"]) {
      const page = await (await call("GET", path)).text();
      expect(page).toContain("· Harbour Goods</title>");
      expect(page).toContain('<p class="announcement">Free shipping over $50</p>');
      expect(page).toMatch(/<a class="logo" href="\/">Harbour Goods<\/a>/);
    }
    const home = await (await call("GET", "/")).text();
    const css = /<link rel="stylesheet" href="(\/theme\.css\?v=[0-9a-f]+)"/.exec(home)?.[1];
    expect(css).toBeDefined();
    const sheet = await call("GET", css ?? "");
    expect(await sheet.text()).toBe(":root{--brand:#7a2e2e}\n");
    expect(sheet.headers.get("cache-control")).toContain("immutable");
  });

  it("refuses a colour too light to read on white, and a logo that is no uploaded picture", async () => {
    expect(contrastOnWhite("#1f5f8b")).toBeGreaterThan(4.5);
    const light = await adminCall("PUT", "/api/v1/admin/theme", {
      ...THEME,
      accentColor: "#ffd700",
    });
    expect(light.status).toBe(400);
    expect((await problemOf(light)).errors?.[0]?.path).toBe("accentColor");
    const elsewhere = await adminCall("PUT", "/api/v1/admin/theme", {
      ...THEME,
      logoUrl: "https://evil.example/logo.png",
    });
    expect(elsewhere.status).toBe(400);
    expect(
      ((await (await adminCall("GET", "/api/v1/admin/theme")).json()) as { accentColor: string })
        .accentColor,
    ).toBe("#7a2e2e");
  });

  it("takes a logo from the back office's form, checked as any picture, and removes it", async () => {
    const cookie = await ownerCookie();
    const fields = { storeName: "Harbour Goods", announcement: "", accentColor: "#7a2e2e" };
    const broken = await postTheme(cookie, { ...fields, logo: new File(["GIF89a"], "logo.gif") });
    expect(broken.status).toBe(415);
    expect(await broken.text()).toMatch(/id="f-logo"[^>]*aria-invalid="true"/);

    const saved = await postTheme(cookie, {
      ...fields,
      logo: new File([imageBytes("png")], "logo.png"),
    });
    expect(saved.status).toBe(303);
    const home = await (await call("GET", "/")).text();
    expect(home).toMatch(
      /<img src="\/images\/[0-9a-f]{64}\.png" alt="Harbour Goods" height="40" class="store-logo"/,
    );
    expect(home).not.toContain('class="announcement"');

    expect((await postTheme(cookie, { ...fields, removeLogo: "yes" })).status).toBe(303);
    expect(await (await call("GET", "/")).text()).not.toContain("store-logo");
  });

  it("is the owner's alone", async () => {
    const created = await adminCall("POST", "/api/v1/admin/api-keys", {
      name: "ops",
      role: "manager",
    });
    const { key } = (await created.json()) as { key: string };
    const res = await call("PUT", "/api/v1/admin/theme", { token: key, body: THEME });
    expect(res.status).toBe(403);
    const manager = await staffMember("manager");
    expect((await manager.b.get("/admin/theme")).status).toBe(403);
  });
});
