import { readConfig } from "../config";
import { cloudflareEmailProvider } from "./cloudflare-provider";
import { localEmailProvider } from "./local-provider";
import type { EmailProvider } from "./provider";
import { resendEmailProvider } from "./resend-provider";

/** The provider named by the `EMAIL_PROVIDER` var: `local` (default), `cloudflare` or `resend`. */
export function emailProvider(
  env: Parameters<typeof readConfig>[0] & { EMAIL?: SendEmail; RESEND_API_KEY?: string },
): EmailProvider {
  switch (readConfig(env).emailProvider) {
    case "local":
      return localEmailProvider;
    case "cloudflare":
      if (!env.EMAIL)
        throw new Error("EMAIL_PROVIDER=cloudflare needs the EMAIL send_email binding");
      return cloudflareEmailProvider(env.EMAIL);
    case "resend":
      if (!env.RESEND_API_KEY)
        throw new Error("EMAIL_PROVIDER=resend needs the RESEND_API_KEY secret");
      return resendEmailProvider(env.RESEND_API_KEY);
  }
}
