import { STATUS_LETTER, STATUS_OF_LETTER, type CompactAvailability, type CompactLayout, type EventView, type Ticket } from '@boxoffice/sdk';

/** The compact seat views (`CompactLayout`, `CompactAvailability`: their shapes are the protocol's), built from an event view. */

/** Tickets in layout order: by the venue's section order, row order, seat number, then id. */
export function layoutOrder(view: Pick<EventView, 'venue' | 'tickets'>): Ticket[] {
  const sectionIndex = new Map<string, number>();
  const rowIndex = new Map<string, number>();
  view.venue.seatMap.sections.forEach((s, i) => {
    sectionIndex.set(s.id, i);
    s.rows.forEach((r, j) => rowIndex.set(`${s.id}\u0000${r.label}`, j));
  });
  // Decorate once, sort, undecorate: keys are not rebuilt on every comparison (50,000 seats).
  const keyed = view.tickets.map((t) => ({
    t,
    s: sectionIndex.get(t.section) ?? Number.MAX_SAFE_INTEGER,
    r: t.row === null ? -1 : (rowIndex.get(`${t.section}\u0000${t.row}`) ?? 0),
    n: t.seat ?? 0,
  }));
  keyed.sort((a, b) => a.s - b.s || a.r - b.r || a.n - b.n || (a.t.id < b.t.id ? -1 : a.t.id > b.t.id ? 1 : 0));
  return keyed.map((k) => k.t);
}

export function compactLayout(view: EventView, ordered: readonly Ticket[] = layoutOrder(view)): CompactLayout {
  const sections = view.venue.seatMap.sections;
  const index = new Map(sections.map((s, i) => [s.id, i]));
  const cols: CompactLayout['tickets'] = { id: [], section: [], row: [], seat: [], x: [], y: [], tier: [], price: [] };
  for (const t of ordered) {
    cols.id.push(t.id);
    cols.section.push(index.get(t.section) ?? -1);
    cols.row.push(t.row);
    cols.seat.push(t.seat);
    cols.x.push(t.x);
    cols.y.push(t.y);
    cols.tier.push(t.tier);
    cols.price.push(t.price);
  }
  return { eventId: view.id, venueId: view.venueId, currency: view.currency, count: ordered.length, sections, tickets: cols };
}

export function compactAvailability(eventId: string, ordered: readonly Pick<Ticket, 'status'>[]): CompactAvailability {
  let statuses = '';
  for (const t of ordered) statuses += STATUS_LETTER[t.status];
  return { eventId, count: ordered.length, statuses, legend: STATUS_OF_LETTER };
}
