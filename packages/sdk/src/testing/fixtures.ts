import type { BoxOffice } from '../box-office.js';
import type { EventInput } from '../domain/inputs.js';
import type { Event, Venue } from '../domain/types.js';

/** A small hall: section A (premium, 2 rows × 6 seats), section B (standard, 3 × 8), a GA floor of 20. */
export async function createHall(bo: BoxOffice, name = 'Test Hall'): Promise<Venue> {
  return bo.createVenue({
    name,
    address: '1 Test Street',
    city: 'Lisbon',
    country: 'PT',
    lat: 38.7223,
    lon: -9.1393,
    seatMap: {
      sections: [
        { id: 'A', name: 'Stalls A', tier: 'premium', rows: [{ label: 'A', seatCount: 6 }, { label: 'B', seatCount: 6 }] },
        { id: 'B', name: 'Stalls B', tier: 'standard', rows: [{ label: 'A', seatCount: 8 }, { label: 'B', seatCount: 8 }, { label: 'C', seatCount: 8 }] },
        { id: 'FLOOR', name: 'Standing', tier: 'floor', capacity: 20 },
      ],
    },
  });
}

export const HALL_CAPACITY = 12 + 24 + 20;
export const HALL_PRICES = { premium: 12_000, standard: 6_500, floor: 4_000 } as const;

/** An event in the hall, on sale now; `overrides` changes any field. */
export async function createHallEvent(bo: BoxOffice, overrides: Partial<EventInput> = {}): Promise<{ event: Event; venue: Venue }> {
  const venue = await createHall(bo);
  const performer = await bo.createPerformer({ name: 'The Testers', genre: 'rock' });
  const event = await bo.createEvent({
    title: 'The Testers live',
    description: 'A night of green builds.',
    type: 'concert',
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    onSaleAt: new Date(Date.now() - 60_000).toISOString(),
    venueId: venue.id,
    performerIds: [performer.id],
    currency: 'EUR',
    prices: { ...HALL_PRICES },
    holdTtlSeconds: 600,
    maxTicketsPerUser: 8,
    ...overrides,
  });
  return { event, venue };
}

/** Ticket ids of one row of a section, in seat order. */
export async function seatsOf(bo: BoxOffice, eventId: string, section: string, row: string | null): Promise<string[]> {
  const tickets = await bo.getTickets(eventId);
  return tickets
    .filter((t) => t.section === section && t.row === row)
    .sort((a, b) => (a.seat ?? 0) - (b.seat ?? 0))
    .map((t) => t.id);
}
