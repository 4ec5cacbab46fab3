import type { SnapshotSeat } from '../../domain/best-available.js';
import { notFound } from '../../domain/errors.js';
import { effectiveStatus } from '../../domain/tickets.js';
import type { Event, Performer, Ticket, Venue } from '../../domain/types.js';
import type { AvailabilitySummary, ListEventsOptions, NewEvent, SeatAvailability } from '../../ports/store.js';
import { EventAvailability } from './memory-availability.js';
import { publicTicket, type MemoryState, type TicketRow } from './memory-state.js';

/** The memory store's catalog: performers, venues, events and their tickets, and availability reads. */
export class MemoryCatalog {
  /** Grows on every catalog write (see `catalogVersion`). */
  private catalogWrites = 0;

  constructor(
    private readonly state: MemoryState,
    private readonly now: () => number,
  ) {}

  get version(): number {
    return this.catalogWrites;
  }

  createPerformer(performer: Performer): void {
    this.state.performers.set(performer.id, performer);
    this.catalogWrites++;
  }

  createVenue(venue: Venue): void {
    this.state.venues.set(venue.id, venue);
    this.catalogWrites++;
  }

  createEvent({ event, places, ticketIdPrefix }: NewEvent): number {
    const rows: TicketRow[] = [];
    let index = 0;
    for (const place of places) {
      const price = event.prices[place.tier];
      if (price === undefined) throw new Error(`no price for tier ${place.tier}`);
      const ordinal = index++;
      rows.push({
        id: `${ticketIdPrefix}${ordinal}`,
        eventId: event.id,
        section: place.section,
        row: place.row,
        seat: place.seat,
        x: place.x,
        y: place.y,
        tier: place.tier,
        price,
        currency: event.currency,
        status: 'AVAILABLE',
        holdId: null,
        reservedUntil: null,
        bookingId: null,
        version: 0,
        holderId: null,
        ordinal,
      });
    }
    this.state.events.set(event.id, event);
    this.state.ticketsByEvent.set(event.id, rows);
    this.state.availability.set(event.id, new EventAvailability(event.id, rows.length));
    for (const row of rows) this.state.tickets.set(row.id, row);
    this.catalogWrites++;
    return rows.length;
  }

  updateEvent(event: Event): void {
    if (!this.state.events.has(event.id)) throw notFound('event', event.id, 'eventId');
    this.state.events.set(event.id, event);
    this.catalogWrites++;
  }

  summarizeAvailability(eventIds?: readonly string[]): AvailabilitySummary[] {
    const now = this.now();
    const ids = eventIds ?? [...this.state.ticketsByEvent.keys()];
    return ids.flatMap((eventId) => {
      const rows = this.state.ticketsByEvent.get(eventId);
      if (!rows) return [];
      let available = 0;
      let minPrice: number | null = null;
      for (const t of rows) {
        if (effectiveStatus(t, now) !== 'AVAILABLE') continue;
        available++;
        if (minPrice === null || t.price < minPrice) minPrice = t.price;
      }
      return [{ eventId, available, minPrice }];
    });
  }

  getPerformers(ids: readonly string[]): Performer[] {
    return ids.flatMap((id) => this.state.performers.get(id) ?? []);
  }

  listEvents({ limit, offset, endedAfter }: ListEventsOptions): Event[] {
    return this.listed(endedAfter).slice(offset, offset + limit);
  }

  countEvents({ endedAfter }: Pick<ListEventsOptions, 'endedAfter'>): number {
    return this.listed(endedAfter).length;
  }

  private listed(endedAfter: number | undefined): Event[] {
    const events = [...this.state.events.values()];
    return endedAfter === undefined ? events : events.filter((e) => Date.parse(e.endsAt) >= endedAfter);
  }

  getTickets(eventId: string): Ticket[] {
    return (this.state.ticketsByEvent.get(eventId) ?? []).map(publicTicket);
  }

  getTicketsByIds(ids: readonly string[]): Ticket[] {
    return ids.flatMap((id) => {
      const row = this.state.tickets.get(id);
      return row ? [publicTicket(row)] : [];
    });
  }

  getSnapshot(eventId: string): SnapshotSeat[] {
    const now = this.now();
    return (this.state.ticketsByEvent.get(eventId) ?? []).map((t) => ({
      id: t.id,
      section: t.section,
      row: t.row,
      seat: t.seat,
      price: t.price,
      available: effectiveStatus(t, now) === 'AVAILABLE',
    }));
  }

  getAvailability(eventId: string): SeatAvailability | null {
    const availability = this.state.availability.get(eventId);
    // As on PostgreSQL: an event without tickets has no availability to read.
    return availability && availability.size > 0 ? availability.read(this.now()) : null;
  }
}
