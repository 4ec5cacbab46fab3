import type { EventView, Ticket, TicketStatus } from '@boxoffice/sdk';

/**
 * Compact views of a large event. The layout (what seats exist, where, at what price) changes
 * only with the catalog: fetch it once and cache it long. Availability changes all the time:
 * one character per ticket, in the layout's order, so a 50,000-seat stadium is ~50 KB (a few
 * KB gzipped) instead of megabytes of ticket objects.
 */
export const STATUS_CHAR: Readonly<Record<TicketStatus, string>> = { AVAILABLE: 'A', RESERVED: 'R', SOLD: 'S' };
export const STATUS_OF_CHAR: Readonly<Record<string, TicketStatus>> = { A: 'AVAILABLE', R: 'RESERVED', S: 'SOLD' };

export interface CompactLayout {
  readonly eventId: string;
  readonly venueId: string;
  readonly currency: string;
  readonly count: number;
  readonly sections: EventView['venue']['seatMap']['sections'];
  /** Columns, one entry per ticket, in layout order (section, row, seat, id). */
  readonly tickets: {
    readonly id: string[];
    /** Index into `sections`. */
    readonly section: number[];
    readonly row: (string | null)[];
    readonly seat: (number | null)[];
    readonly x: number[];
    readonly y: number[];
    readonly tier: string[];
    readonly price: number[];
  };
}

export interface CompactAvailability {
  readonly eventId: string;
  readonly count: number;
  /** One of A (AVAILABLE), R (RESERVED), S (SOLD) per ticket, in layout order. */
  readonly statuses: string;
  readonly legend: Readonly<Record<string, TicketStatus>>;
}

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
  for (const t of ordered) statuses += STATUS_CHAR[t.status];
  return { eventId, count: ordered.length, statuses, legend: STATUS_OF_CHAR };
}
