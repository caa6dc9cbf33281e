import { raw } from "hono/html";
import { verificationTokenOf } from "../../src/auth/email-verification";
import { RESET_TTL_MS, resetTokenOf } from "../../src/auth/password-reset";
import type { AccountEmailKind } from "../../src/db/schema";
import type { RenderedEmail } from "../../src/emails/drain";
import { INVITE_TTL_MS, inviteTokenOf } from "../../src/staff/members";

interface AccountContent {
  subject: string;
  heading: string;
  paragraphs: string[];
  link: { label: string; url: string };
  after: string;
}

/** The text part: the paragraphs, the link on a line of its own, what to do if it was not you. */
const textOf = (content: AccountContent, storeName: string) =>
  [
    content.heading,
    "",
    ...content.paragraphs.flatMap((p) => [p, ""]),
    `${content.link.label}: ${content.link.url}`,
    "",
    content.after,
    "",
    `— ${storeName}`,
    "",
  ].join("\n");

/** Every value is interpolated by JSX, which escapes it. */
function AccountBody(props: { content: AccountContent; storeName: string }) {
  const { content } = props;
  return (
    <>
      {raw("<!DOCTYPE html>")}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{content.subject}</title>
        </head>
        <body style={{ "font-family": "sans-serif", color: "#222", margin: "0", padding: "16px" }}>
          <h1 style={{ "font-size": "20px" }}>{content.heading}</h1>
          {content.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
          <p>
            <a
              href={content.link.url}
              style={{
                display: "inline-block",
                padding: "10px 16px",
                background: "#1a56db",
                color: "#fff",
                "text-decoration": "none",
                "border-radius": "4px",
              }}
            >
              {content.link.label}
            </a>
          </p>
          <p style={{ "font-size": "13px", color: "#555" }}>
            Or paste this address into your browser: {content.link.url}
          </p>
          <p>{content.after}</p>
          <p style={{ color: "#666" }}>{props.storeName}</p>
        </body>
      </html>
    </>
  );
}

async function rendered(content: AccountContent, storeName: string) {
  return {
    subject: content.subject,
    text: textOf(content, storeName),
    html: (await (<AccountBody content={content} storeName={storeName} />)).toString(),
  };
}

const resetContent = (storeName: string, url: string): AccountContent => ({
  subject: `Reset your password at ${storeName}`,
  heading: "Choose a new password",
  paragraphs: [
    `Someone asked to reset the password of your account at ${storeName}. Open the link within ${RESET_TTL_MS / 60_000} minutes to choose a new one; it works once, and signs you out everywhere else.`,
  ],
  link: { label: "Choose a new password", url },
  after: "If you did not ask for this, ignore this email: your password stays as it is.",
});

const verifyContent = (storeName: string, url: string): AccountContent => ({
  subject: `Confirm your email at ${storeName}`,
  heading: "Confirm your email",
  paragraphs: [
    `Open the link within a day to confirm that this address is yours at ${storeName}. If you asked to change your account's email to this one, it changes when you do.`,
  ],
  link: { label: "Confirm this email", url },
  after: "If you did not ask for this, ignore this email: nothing changes.",
});

const inviteContent = (storeName: string, url: string): AccountContent => ({
  subject: `You are invited to the back office of ${storeName}`,
  heading: "Join the back office",
  paragraphs: [
    `You are invited to help run ${storeName}. Open the link within ${INVITE_TTL_MS / 86_400_000} days to choose your password; it works once. Then sign in at the back office with this email and that password.`,
  ],
  link: { label: "Accept the invitation", url },
  after: "If you did not expect this, ignore this email: nothing happens without the link.",
});

/** Each kind's table (where the request came from), content, page and token. */
const KINDS = {
  password_reset: ["password_resets", resetContent, "/password-reset/confirm", resetTokenOf],
  email_verification: ["email_verifications", verifyContent, "/verify-email", verificationTokenOf],
  staff_invite: ["staff_invites", inviteContent, "/admin/invite", inviteTokenOf],
} as const;

/** The row a link is about: where the request came from. */
const originOf = (db: D1Database, table: string, id: string) =>
  db.prepare(`SELECT origin FROM ${table} WHERE id = ?`).bind(id).first<{ origin: string }>();

/**
 * An account's email, by its kind and `ref` (the reset's, the verification's or the invitation's id), whose link
 * carries the token derived from it. The outbox keeps the link's token masked (`kept`).
 */
export async function renderAccountEmail(
  db: D1Database,
  secret: string,
  storeName: string,
  kind: AccountEmailKind,
  ref: string,
): Promise<RenderedEmail | null> {
  const [table, content, path, tokenOf] = KINDS[kind];
  const row = await originOf(db, table, ref);
  if (!row) return null;
  const link = (token: string) => `${row.origin}${path}?token=${token}`;
  const email = await rendered(content(storeName, link(await tokenOf(secret, ref))), storeName);
  const masked = await rendered(content(storeName, link("(not kept)")), storeName);
  return { ...email, kept: { text: masked.text, html: masked.html } };
}
