import { type ConfigVars, liveProvider, readConfig } from "../config";
import { cloudflareEmailProvider } from "./cloudflare-provider";
import { localEmailProvider } from "./local-provider";
import type { EmailProvider } from "./provider";
import { resendEmailProvider } from "./resend-provider";

/**
 * The provider named by `EMAIL_PROVIDER`: `local` (the default outside production), `cloudflare`
 * or `resend`. In production an unset or `local` provider is refused: emails stay queued, never
 * reported sent.
 */
export function emailProvider(env: ConfigVars & { EMAIL?: SendEmail }): EmailProvider {
  const config = readConfig(env);
  switch (liveProvider(config, "emailProvider")) {
    case "local":
      return localEmailProvider;
    case "cloudflare":
      if (!env.EMAIL)
        throw new Error("EMAIL_PROVIDER=cloudflare needs the EMAIL send_email binding");
      return cloudflareEmailProvider(env.EMAIL);
    case "resend":
      if (!config.resendApiKey)
        throw new Error("EMAIL_PROVIDER=resend needs the RESEND_API_KEY secret");
      return resendEmailProvider(config.resendApiKey);
  }
}
