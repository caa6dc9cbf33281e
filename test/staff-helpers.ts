import { expect } from "vitest";
import { ADMIN_TOKEN, adminCall, browser, unique } from "./helpers";

export const STAFF_PASSWORD = "staff-password-1";

interface SentEmail {
  kind: string;
  text: string | null;
}

/** The token of the latest invitation emailed to `email`. */
export async function inviteToken(email: string): Promise<string> {
  const res = await adminCall("GET", `/api/v1/admin/emails?to=${encodeURIComponent(email)}`);
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: SentEmail[] };
  const sent = items.find((e) => e.kind === "staff_invite");
  const token = /\/admin\/invite\?token=([\w-]+)/.exec(sent?.text ?? "")?.[1];
  if (!token) throw new Error(`no invitation link in ${JSON.stringify(items)}`);
  return token;
}

export interface Member {
  id: string;
  email: string;
  role: string;
  status: string;
}

export async function invite(role: string, email = `${unique("staff")}@example.com`) {
  const res = await adminCall("POST", "/api/v1/admin/staff", { email, role });
  expect(res.status).toBe(201);
  return (await res.json()) as Member;
}

/** A member of staff with `role` who accepted their invitation: their browser is signed in. */
export async function staffMember(role: string) {
  const member = await invite(role);
  const b = browser();
  const token = await inviteToken(member.email);
  const res = await b.post("/admin/invite", { token, password: STAFF_PASSWORD });
  expect(res.status).toBe(303);
  return { ...member, b, token };
}

/** A browser signed in to the back office with ADMIN_TOKEN. */
export async function ownerBrowser() {
  const b = browser();
  expect((await b.post("/admin/login", { token: ADMIN_TOKEN })).status).toBe(303);
  return b;
}
