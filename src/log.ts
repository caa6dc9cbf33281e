/**
 * Structured logs: one JSON line per event, which Workers Logs indexes by field. Fields are ids,
 * states, counts and durations, never tokens, emails, addresses or payment details.
 */
export function logEvent(
  event: string,
  fields: Record<string, unknown> = {},
  level: "info" | "warn" | "error" = "info",
): void {
  const line = JSON.stringify({ event, ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}
