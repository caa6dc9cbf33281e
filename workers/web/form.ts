import type { Context } from "hono";

/** A submitted form as hono parses it: text fields, and files of an upload. */
export type FormBody = Record<string, string | File | (string | File)[]>;

/**
 * The one way the pages read a submitted form: its text fields as sent (a file, or a field sent
 * twice, is left out). Hono keeps the parsed body, so reading it again costs nothing.
 */
export async function formFields(c: Context): Promise<Record<string, string>> {
  const body: FormBody = await c.req.parseBody();
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

/** A form field's text, trimmed; "" when missing or not text. */
export const fieldText = (form: FormBody, name: string): string => {
  const value = form[name];
  return typeof value === "string" ? value.trim() : "";
};
