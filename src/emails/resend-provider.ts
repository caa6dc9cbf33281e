import type { EmailProvider, SendResult } from "./provider";

type FetchFn = (input: string, init: RequestInit) => Promise<Response>;

export const RESEND_URL = "https://api.resend.com/emails";
const TIMEOUT_MS = 10_000;
/** Refusals of the message itself (a malformed field, a recipient the API rejects). */
const PERMANENT = new Set([400, 422]);

/**
 * Resend over `fetch`. Its `Idempotency-Key` (kept 24 hours) makes a retry after an interrupted
 * send answer the first send instead of sending again. (Postmark, the other common choice, has no
 * such key: there a crash between its answer and recording it would send the message twice.)
 */
export function resendEmailProvider(apiKey: string, fetchFn: FetchFn = fetch): EmailProvider {
  return {
    name: "resend",
    idempotent: true,
    async send(email): Promise<SendResult> {
      const res = await fetchFn(RESEND_URL, {
        method: "POST",
        headers: {
          authorization: `Bearer ${apiKey}`,
          "content-type": "application/json",
          "idempotency-key": email.idempotencyKey,
        },
        body: JSON.stringify({
          from: `${email.from.name} <${email.from.address}>`,
          to: [email.to],
          subject: email.subject,
          text: email.text,
          html: email.html,
        }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const body = parseJson(await res.text());
      if (res.ok && typeof body.id === "string") return { ok: true, messageId: body.id };
      const detail = typeof body.message === "string" ? body.message : res.statusText;
      return {
        ok: false,
        error: `resend answered ${res.status}: ${detail}`.slice(0, 500),
        permanent: PERMANENT.has(res.status),
      };
    },
  };
}

function parseJson(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    // A proxy's HTML error page, say: the status tells what happened.
    return {};
  }
}
