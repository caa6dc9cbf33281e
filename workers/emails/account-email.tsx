import { raw } from "hono/html";
import { RESET_TTL_MS, resetTokenOf } from "../../src/auth/password-reset";
import type { AccountEmailKind } from "../../src/db/schema";
import type { RenderedEmail } from "../../src/emails/drain";

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

/**
 * An account's email, by its kind and `ref`: for a password reset, the reset's id, whose link
 * carries the token derived from it. The outbox keeps the link's token masked (`kept`).
 */
export async function renderAccountEmail(
  db: D1Database,
  secret: string,
  storeName: string,
  kind: AccountEmailKind,
  ref: string,
): Promise<RenderedEmail | null> {
  switch (kind) {
    case "password_reset": {
      const reset = await db
        .prepare("SELECT origin FROM password_resets WHERE id = ?")
        .bind(ref)
        .first<{ origin: string }>();
      if (!reset) return null;
      const link = (token: string) => `${reset.origin}/password-reset/confirm?token=${token}`;
      const email = await rendered(
        resetContent(storeName, link(await resetTokenOf(secret, ref))),
        storeName,
      );
      const masked = await rendered(resetContent(storeName, link("(not kept)")), storeName);
      return { ...email, kept: { text: masked.text, html: masked.html } };
    }
  }
}
