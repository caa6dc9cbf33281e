import type { FieldError } from "../errors";

const DAY_MS = 86_400_000;
export const MAX_REPORT_DAYS = 366;
const DEFAULT_DAYS = 30;
/** The days a report can cover: no order predates the epoch, and a year has four digits. */
export const FIRST_REPORT_DAY = "1970-01-01";
export const LAST_REPORT_DAY = "9999-12-31";

/** Whether a value is a calendar day written YYYY-MM-DD. */
export const isIsoDay = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) &&
  !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) &&
  new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Why a value cannot be a report's day, or null when it can (ISO days compare as text). */
function dayProblem(value: string): string | null {
  if (!isIsoDay(value)) return "a date as YYYY-MM-DD";
  if (value < FIRST_REPORT_DAY || value > LAST_REPORT_DAY) {
    return `a day from ${FIRST_REPORT_DAY} to ${LAST_REPORT_DAY}`;
  }
  return null;
}

/**
 * The UTC days a sales report covers: `to` defaults to today, `from` to 29 days before `to` (not
 * before FIRST_REPORT_DAY). Field errors when a day is not one or out of the days a report can
 * cover, or the range is backwards or longer than MAX_REPORT_DAYS.
 */
export function salesRange(
  asked: { from?: string | undefined; to?: string | undefined },
  now = Date.now(),
): { from: string; to: string } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  for (const field of ["from", "to"] as const) {
    const value = asked[field];
    const problem = value ? dayProblem(value) : null;
    if (problem) errors.push({ path: field, message: problem });
  }
  if (errors.length > 0) return { errors };
  const to = asked.to || dayOf(now);
  const earliest = dayOf(Math.max(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS, 0));
  const from = asked.from || earliest;
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1 || days > MAX_REPORT_DAYS) {
    return {
      errors: [
        { path: "from", message: `must be on or before 'to', at most ${MAX_REPORT_DAYS} days` },
      ],
    };
  }
  return { from, to };
}
