import { InvalidArgumentError } from 'commander';

/** Flag value parsers for commander: a bad value is a usage error (exit 2) naming the flag. */

export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/** `120`, `120.5`, `120.50` (major units) → `12050` minor units. */
export function moneyAmount(value: string): number {
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('must be an amount like 120 or 120.50');
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** `a,b, c` → `['a', 'b', 'c']`; empty items are refused. */
export function commaList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.length === 0 || items.some((s) => s === '')) throw new InvalidArgumentError('must be a comma-separated list without empty items');
  return items;
}

/** An ISO-8601 date or date-time (`2026-06-01`, `2026-06-01T20:00Z`), as search takes it. */
export function isoDate(value: string): string {
  const s = value.trim();
  if (s.length > 40 || !/^\d{4}-\d{2}-\d{2}/.test(s) || Number.isNaN(Date.parse(s))) {
    throw new InvalidArgumentError('must be an ISO-8601 date or date-time, like 2026-06-01 or 2026-06-01T20:00Z');
  }
  return s;
}
