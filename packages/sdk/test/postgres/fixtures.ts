import { placesOf, stadiumSeatMap } from '../../src/domain/seat-map.js';
import type { Event, SeatMap, Venue } from '../../src/domain/types.js';
import type { PostgresStore } from '../../src/adapters/postgres/index.js';
import { uid } from './harness.js';

/** Store-level fixtures (no services): a venue and an event written straight to the store. */
export function venueOf(seatMap: SeatMap): Venue {
  let capacity = 0;
  for (const s of seatMap.sections) capacity += s.capacity ?? s.rows.reduce((n, r) => n + r.seatCount, 0);
  return {
    id: uid('ven'),
    name: 'Test Arena',
    address: '1 Main St',
    city: 'Lisbon',
    country: 'PT',
    lat: 38.7,
    lon: -9.1,
    capacity,
    seatMap,
  };
}

export function eventAt(venue: Venue, overrides: Partial<Event> = {}): Event {
  const now = new Date().toISOString();
  return {
    id: uid('evt'),
    title: 'Test night',
    description: 'A test event',
    type: 'concert',
    status: 'SCHEDULED',
    startsAt: '2030-01-01T20:00:00.000Z',
    endsAt: '2030-01-01T23:00:00.000Z',
    onSaleAt: '2020-01-01T00:00:00.000Z',
    salesEndAt: '2030-01-01T20:00:00.000Z',
    refundDeadlineAt: '2030-01-01T20:00:00.000Z',
    venueId: venue.id,
    performerIds: [],
    popularity: 1.5,
    currency: 'EUR',
    prices: { premium: 10_000, standard: 5_000, value: 2_500 },
    holdTtlSeconds: 600,
    maxTicketsPerUser: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export interface SeededEvent {
  readonly event: Event;
  readonly venue: Venue;
  /** Ticket ids in place order. */
  readonly ticketIds: string[];
  readonly createMs: number;
}

/** A stadium of `sections × rows × seatsPerRow` seats and an event on it. */
export async function seedEvent(
  store: PostgresStore,
  shape: { sections: number; rows: number; seatsPerRow: number },
  overrides: Partial<Event> = {},
): Promise<SeededEvent> {
  const venue = venueOf(stadiumSeatMap(shape));
  await store.createVenue(venue);
  const event = eventAt(venue, overrides);
  const prefix = `tkt_${event.id.slice(4)}-`;
  const started = performance.now();
  const n = await store.createEvent({ event, places: placesOf(venue.seatMap), ticketIdPrefix: prefix });
  const createMs = performance.now() - started;
  return { event, venue, ticketIds: Array.from({ length: n }, (_, i) => `${prefix}${i}`), createMs };
}
