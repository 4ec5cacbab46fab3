/**
 * Strict dates at the boundary. `Date.parse` is lenient: it rolls 2027-02-30 over to March 2,
 * takes year 0001, and reads zone-less times in the server's own zone. Here a date-time must be
 * ISO 8601 with a zone (`Z` or `±hh:mm`), a real calendar day and time, in the years
 * 2000–2100 (far outside that is a typo, never a booking).
 */
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Why `s` is not an acceptable date(-time), or null when it is. `dateOnly`: also accept `YYYY-MM-DD` (UTC day). */
export function strictDateProblem(s: string, options: { dateOnly?: boolean } = {}): string | null {
  const shape = options.dateOnly ? 'an ISO-8601 date (YYYY-MM-DD) or date-time with a zone' : 'an ISO-8601 date-time with a zone, like 2027-05-01T20:00:00Z';
  const m = DATE_TIME.exec(s) ?? (options.dateOnly ? DATE_ONLY.exec(s) : null);
  if (!m) return `must be ${shape}`;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return `year must be between ${MIN_YEAR} and ${MAX_YEAR}`;
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) {
    return `${m[1]}-${m[2]}-${m[3]} is not a calendar date`;
  }
  if (m[4] !== undefined) {
    const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    if (hour > 23 || minute > 59 || second > 59) return 'is not a valid time of day';
    if (m[8] !== undefined && (Number(m[8]) > 14 || Number(m[9]) > 59)) return 'has an invalid zone offset';
  }
  return null;
}
