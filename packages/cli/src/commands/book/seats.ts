import { isIdOf, type Ticket } from '@boxoffice/sdk';
import { badFlag } from '../../errors.js';

/** `isIdOf` without its type guard (its false branch would narrow a string to never). */
const isTicketId = (value: string): boolean => isIdOf('ticket', value);

/** True when every item is a ticket id, so nothing needs looking up. */
export function allTicketIds(items: readonly string[]): boolean {
  return items.every(isTicketId);
}

/**
 * `--seats` items → ticket ids. An item is a ticket id (`tkt_...`) or a seat as the seat map
 * names it, `SECTION:ROW:SEAT` (`STL:A:9`). An unknown seat is a usage error naming it.
 */
export function resolveSeats(items: readonly string[], tickets: readonly Ticket[]): string[] {
  const exact = new Map<string, string>();
  const folded = new Map<string, string | null>();
  for (const t of tickets) {
    if (t.row === null || t.seat === null) continue;
    const label = `${t.section}:${t.row}:${t.seat}`;
    exact.set(label, t.id);
    const key = label.toUpperCase();
    folded.set(key, folded.has(key) ? null : t.id);
  }
  return items.map((item) => {
    if (isTicketId(item)) return item;
    if (!/^[^:]+:[^:]+:\d+$/.test(item)) throw badFlag('--seats', `${item} is neither a ticket id (tkt_...) nor a seat like STL:A:9`);
    const id = exact.get(item) ?? folded.get(item.toUpperCase());
    if (id === undefined || id === null) throw badFlag('--seats', `the event has no seat ${item}`);
    return id;
  });
}
