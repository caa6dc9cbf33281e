import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { codeAt, stepAt } from "../src/auth/totp";
import { paidOrder } from "./email-helpers";
import { adminCall, browser, call, freshIp, ORIGIN, problemOf, unique } from "./helpers";
import {
  invite,
  inviteToken,
  type Member,
  ownerBrowser,
  STAFF_PASSWORD,
  staffMember,
} from "./staff-helpers";

/** A sign-in form posted from a given client address (as Cloudflare's edge would tell it). */
const signIn = (form: Record<string, string>, ip = freshIp()) =>
  call("POST", "/admin/login", {
    body: new URLSearchParams(form).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: ORIGIN,
      "cf-connecting-ip": ip,
    },
  });

const memberOf = async (id: string) =>
  (await (await adminCall("GET", `/api/v1/admin/staff/${id}`)).json()) as Member & {
    twoFactor: boolean;
    lastSignInAt: string | null;
  };

describe("inviting staff", () => {
  it("emails a single-use link that sets the member's password and signs them in", async () => {
    const member = await invite("support");
    expect(member.status).toBe("invited");
    const token = await inviteToken(member.email);
    const stored = await env.DB.prepare("SELECT token_hash FROM staff_invites WHERE staff_id = ?")
      .bind(member.id)
      .first<{ token_hash: string }>();
    expect(stored?.token_hash).not.toContain(token);

    const b = browser();
    const page = await b.get(`/admin/invite?token=${token}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(member.email);
    const short = await b.post("/admin/invite", { token, password: "short" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("Use at least 10 characters.");

    const joined = await b.post("/admin/invite", { token, password: STAFF_PASSWORD, name: "Sam" });
    expect(joined.status).toBe(303);
    expect((await b.get("/admin/orders")).status).toBe(200);
    expect((await memberOf(member.id)).status).toBe("active");

    // The link works once.
    expect(
      (await browser().post("/admin/invite", { token, password: STAFF_PASSWORD })).status,
    ).toBe(400);
    expect((await browser().get(`/admin/invite?token=${token}`)).status).toBe(400);
  });

  it("refuses a second live member with the same email (any case), and a new link ends the old one", async () => {
    const member = await invite("manager");
    const again = await adminCall("POST", "/api/v1/admin/staff", {
      email: member.email.toUpperCase(),
      role: "support",
    });
    expect(again.status).toBe(409);
    expect((await problemOf(again)).code).toBe("conflict");

    const first = await inviteToken(member.email);
    expect((await adminCall("POST", `/api/v1/admin/staff/${member.id}/invite`)).status).toBe(202);
    const second = await inviteToken(member.email);
    expect(second).not.toBe(first);
    expect(
      (await browser().post("/admin/invite", { token: first, password: STAFF_PASSWORD })).status,
    ).toBe(400);
    expect(
      (await browser().post("/admin/invite", { token: second, password: STAFF_PASSWORD })).status,
    ).toBe(303);
  });

  it("lets the owner invite from the Staff page, and a removed member's email be invited again", async () => {
    const owner = await ownerBrowser();
    const email = `${unique("page")}@example.com`;
    const res = await owner.post("/admin/staff", { email, name: "Pat", role: "fulfillment" });
    expect(res.status).toBe(303);
    const list = await (await owner.get("/admin/staff")).text();
    expect(list).toContain(email);
    const { items } = (await (await adminCall("GET", "/api/v1/admin/staff")).json()) as {
      items: Member[];
    };
    const member = items.find((m) => m.email === email) as Member;
    expect(member.role).toBe("fulfillment");
    expect((await adminCall("DELETE", `/api/v1/admin/staff/${member.id}`)).status).toBe(204);
    expect(
      (await adminCall("POST", "/api/v1/admin/staff", { email, role: "support" })).status,
    ).toBe(201);
  });
});

describe("staff sign-in", () => {
  it("takes the member's email and password; a wrong one and an unknown email answer alike", async () => {
    const member = await staffMember("support");
    const ok = await signIn({ email: member.email, password: STAFF_PASSWORD });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("set-cookie")).toContain("__Host-admin_session=");
    const wrong = await signIn({ email: member.email, password: "not-the-password" });
    const unknown = await signIn({ email: "nobody@example.com", password: "not-the-password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = "That email and password do not match.";
    expect(await wrong.text()).toContain(message);
    expect(await unknown.text()).toContain(message);
    expect((await memberOf(member.id)).lastSignInAt).not.toBeNull();
  });

  it("locks a member's account after 20 failures from anywhere, for the right password too", async () => {
    const member = await staffMember("manager");
    for (let i = 0; i < 20; i++) {
      expect((await signIn({ email: member.email, password: `wrong-${i}-password` })).status).toBe(
        401,
      );
    }
    const locked = await signIn({ email: member.email, password: STAFF_PASSWORD });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toContain("locked for 15 minutes");
    // Another member is not locked.
    const other = await staffMember("manager");
    expect((await signIn({ email: other.email, password: STAFF_PASSWORD })).status).toBe(303);
  });

  it("ends a member's sessions when they are removed, or when the owner ends them", async () => {
    const kept = await staffMember("support");
    const ended = await staffMember("support");
    expect(
      (await adminCall("POST", `/api/v1/admin/staff/${ended.id}/sessions/revoke`)).status,
    ).toBe(204);
    expect((await ended.b.get("/admin/orders")).status).toBe(303);
    expect((await kept.b.get("/admin/orders")).status).toBe(200);

    expect((await adminCall("DELETE", `/api/v1/admin/staff/${kept.id}`)).status).toBe(204);
    expect((await kept.b.get("/admin/orders")).status).toBe(303);
    expect((await signIn({ email: kept.email, password: STAFF_PASSWORD })).status).toBe(401);
    expect((await adminCall("DELETE", `/api/v1/admin/staff/${kept.id}`)).status).toBe(204);
    expect((await adminCall("DELETE", "/api/v1/admin/staff/stf_nobody")).status).toBe(404);
  });

  it("signs out one session: a copy of its cookie is refused afterwards", async () => {
    const member = await staffMember("support");
    const copy = browser();
    for (const [k, v] of member.b.jar) copy.jar.set(k, v);
    expect((await member.b.post("/admin/logout", {})).status).toBe(303);
    expect((await copy.get("/admin/orders")).status).toBe(303);
  });

  it("survives a change of ADMIN_TOKEN's sessions: a member's session is their own", async () => {
    const member = await staffMember("support");
    const owner = await ownerBrowser();
    expect((await owner.post("/admin/account/sessions/revoke", {})).status).toBe(303);
    expect((await owner.get("/admin/orders")).status).toBe(303);
    expect((await member.b.get("/admin/orders")).status).toBe(200);
  });
});

describe("a member's own account", () => {
  it("changes the password with the current one, ending their other sessions", async () => {
    const member = await staffMember("fulfillment");
    const other = browser();
    expect(
      (await other.post("/admin/login", { email: member.email, password: STAFF_PASSWORD })).status,
    ).toBe(303);
    const wrong = await member.b.post("/admin/account/password", {
      currentPassword: "not-my-password",
      newPassword: "a-new-password-2",
    });
    expect(wrong.status).toBe(400);
    const ok = await member.b.post("/admin/account/password", {
      currentPassword: STAFF_PASSWORD,
      newPassword: "a-new-password-2",
    });
    expect(ok.status).toBe(303);
    expect((await member.b.get("/admin/account")).status).toBe(200);
    expect((await other.get("/admin/account")).status).toBe(303);
    expect((await signIn({ email: member.email, password: "a-new-password-2" })).status).toBe(303);
  });

  it("sets up two-factor sign-in: then a code is needed, and a code works once", async () => {
    const member = await staffMember("support");
    const setup = await (await member.b.get("/admin/account?setup=two-factor")).text();
    const secret = /name="secret" value="([A-Z2-7]+)"/.exec(setup)?.[1] as string;
    expect(secret).toHaveLength(32);
    const bad = await member.b.post("/admin/account/two-factor", { secret, code: "000000" });
    expect(bad.status).toBe(400);
    const now = Date.now();
    // The step before now: set-up takes it, so sign-in below can use the current one.
    const on = await member.b.post("/admin/account/two-factor", {
      secret,
      code: await codeAt(secret, stepAt(now) - 1),
    });
    expect(on.status).toBe(303);
    expect((await memberOf(member.id)).twoFactor).toBe(true);

    const noCode = await signIn({ email: member.email, password: STAFF_PASSWORD });
    expect(noCode.status).toBe(401);
    expect(await noCode.text()).toContain("signs in with a code too");
    const wrongCode = await signIn({
      email: member.email,
      password: STAFF_PASSWORD,
      code: "123456",
    });
    expect(wrongCode.status).toBe(401);
    const code = await codeAt(secret, stepAt(Date.now()));
    expect((await signIn({ email: member.email, password: STAFF_PASSWORD, code })).status).toBe(
      303,
    );
    const replay = await signIn({ email: member.email, password: STAFF_PASSWORD, code });
    expect(replay.status).toBe(401);
  });
});

describe("the back office by role", () => {
  it("shows support the orders and refunds, and no product editing", async () => {
    const orderId = (await paidOrder()).order.id;
    const support = await staffMember("support");
    const overview = await (await support.b.get("/admin")).text();
    expect(overview).toContain('href="/admin/orders"');
    expect(overview).not.toContain('href="/admin/products"');
    expect(overview).not.toContain('href="/admin/staff"');
    expect(overview).not.toContain('id="sales"');
    expect((await support.b.get("/admin/products")).status).toBe(403);
    expect((await support.b.get("/admin/products/new")).status).toBe(403);
    expect((await support.b.post("/admin/products/new", { title: "x" })).status).toBe(403);
    const order = await (await support.b.get(`/admin/orders/${orderId}`)).text();
    expect(order).toContain(`/admin/orders/${orderId}/refunds`);
    expect(order).toContain(`/admin/orders/${orderId}/cancel`);
    expect(order).not.toContain(`/admin/orders/${orderId}/shipments`);
  });

  it("shows fulfillment the shipments and no refunds; a refused form is 403", async () => {
    const orderId = (await paidOrder()).order.id;
    const fulfillment = await staffMember("fulfillment");
    const order = await (await fulfillment.b.get(`/admin/orders/${orderId}`)).text();
    expect(order).toContain(`/admin/orders/${orderId}/shipments`);
    expect(order).not.toContain(`/admin/orders/${orderId}/refunds`);
    expect(order).not.toContain(`/admin/orders/${orderId}/cancel`);
    const refused = await fulfillment.b.post(`/admin/orders/${orderId}/cancel`, { confirm: "yes" });
    expect(refused.status).toBe(403);
    const after = (await (await adminCall("GET", `/api/v1/admin/orders/${orderId}`)).json()) as {
      status: string;
    };
    expect(after.status).toBe("paid");
  });

  it("follows a change of role from the member's next request", async () => {
    const member = await staffMember("support");
    expect((await member.b.get("/admin/products")).status).toBe(403);
    const res = await adminCall("PATCH", `/api/v1/admin/staff/${member.id}`, { role: "manager" });
    expect(res.status).toBe(200);
    expect((await member.b.get("/admin/products")).status).toBe(200);
  });

  it("writes who did it in the audit log: the member, by email", async () => {
    const orderId = (await paidOrder()).order.id;
    const support = await staffMember("support");
    const res = await support.b.post(`/admin/orders/${orderId}/cancel`, { confirm: "yes" });
    expect(res.status).toBe(303);
    const audit = await adminCall(
      "GET",
      `/api/v1/admin/audit?target=${encodeURIComponent(`orders/${orderId}/cancel`)}`,
    );
    const { items } = (await audit.json()) as {
      items: { actor: { kind: string; id: string; name: string }; action: string }[];
    };
    expect(items[0]?.actor).toEqual({ kind: "staff", id: support.id, name: support.email });
  });
});
