import { formatMoney, type Page, type Ticket } from '@boxoffice/sdk';

/** `2026-12-24T20:00:00.000Z` → `2026-12-24 20:00` (UTC; for table columns). */
export function formatShortWhen(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** `2026-12-24T20:00:00.000Z` → `2026-12-24 20:00 UTC`. */
export function formatWhen(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A seat as `boxoffice book --seats` takes it: `SECTION:ROW:SEAT`; standing places as `SECTION (standing)`. */
export function seatLabel(t: Pick<Ticket, 'section' | 'row' | 'seat'>): string {
  if (t.row === null || t.seat === null) return `${t.section} (standing)`;
  return `${t.section}:${t.row}:${t.seat}`;
}

/** Seats of one booking or hold, grouped: `STL:A:9, STL:A:10`, `PIT (standing) ×2`. */
export function seatList(tickets: readonly Pick<Ticket, 'section' | 'row' | 'seat'>[]): string {
  const standing = new Map<string, number>();
  const seats: string[] = [];
  for (const t of tickets) {
    if (t.row === null || t.seat === null) standing.set(t.section, (standing.get(t.section) ?? 0) + 1);
    else seats.push(seatLabel(t));
  }
  const ga = [...standing].map(([section, n]) => `${section} (standing) ×${n}`);
  return [...seats, ...ga].join(', ');
}

/** Tier names, dearest first (stores need not keep a record's key order). */
function byPrice(prices: Readonly<Record<string, number>>): string[] {
  return Object.keys(prices).sort((a, b) => (prices[b] ?? 0) - (prices[a] ?? 0) || a.localeCompare(b));
}

export function money(amount: number, currency: string): string {
  return formatMoney(amount, currency);
}

/** Prices per tier in one currency: `EUR: premium 95.00 · standard 65.00`. */
export function tierPrices(prices: Readonly<Record<string, number>>, currency: string, tiers: readonly string[] = byPrice(prices)): string {
  const list = tiers.map((tier) => {
    const p = prices[tier];
    return p === undefined ? `${tier} -` : `${tier} ${Math.floor(p / 100)}.${String(p % 100).padStart(2, '0')}`;
  });
  return `${currency}: ${list.join(' · ')}`;
}

/** `in 9 min` / `in 45 s` / `expired`. */
export function timeLeft(untilIso: string, nowMs: number): string {
  const ms = Date.parse(untilIso) - nowMs;
  if (ms <= 0) return 'expired';
  if (ms < 60_000) return `in ${Math.ceil(ms / 1000)} s`;
  return `in ${Math.round(ms / 60_000)} min`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Where a page of a list sits, for people (on stderr): "page 1 of 3, 47 events", and the flag
 * that shows the next one when there is one.
 */
export function pagePosition(p: Pick<Page<unknown>, 'page' | 'pageSize' | 'total' | 'hasMore'>, one: string, many = `${one}s`): string {
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const where = `page ${p.page} of ${pages}, ${p.total.toLocaleString('en-US')} ${p.total === 1 ? one : many}`;
  return p.hasMore ? `${where} (--page ${p.page + 1} for the next)` : where;
}
