import type { BoxOffice, Event, Performer, Venue } from '@boxoffice/sdk';

/** The demo hall: a standing pit, premium stalls, two circles and a balcony (396 seats + 120 standing). */
export const DEMO_SEAT_MAP = {
  sections: [
    { id: 'PIT', name: 'Standing pit', tier: 'floor', rank: 3, x: 0, y: 0, capacity: 120 },
    { id: 'STL', name: 'Stalls', tier: 'premium', rank: 0, x: 0, y: 10, rows: rows('ABCDEFGH', 20) },
    { id: 'CL', name: 'Circle left', tier: 'standard', rank: 1, x: 0, y: 20, rows: rows('ABCDE', 14) },
    { id: 'CR', name: 'Circle right', tier: 'standard', rank: 2, x: 20, y: 20, rows: rows('ABCDE', 14) },
    { id: 'BAL', name: 'Balcony', tier: 'value', rank: 4, x: 0, y: 30, rows: rows('ABCD', 24) },
  ],
};

export const DEMO_PRICES = { premium: 9_500, standard: 6_500, value: 3_900, floor: 4_500 };

function rows(labels: string, seatCount: number): { label: string; seatCount: number }[] {
  return [...labels].map((label) => ({ label, seatCount }));
}

export interface DemoCatalog {
  readonly venue: Venue;
  readonly performer: Performer;
  readonly event: Event;
}

/** A fresh venue, performer and event, on sale now, a month from now at 20:00 UTC. */
export async function createDemoCatalog(bo: BoxOffice, nowMs: number): Promise<DemoCatalog> {
  const venue = await bo.venues.create({
    name: 'BoxOffice Demo Hall',
    address: 'Avenida da Liberdade 1',
    city: 'Lisbon',
    country: 'PT',
    lat: 38.7169,
    lon: -9.1399,
    seatMap: DEMO_SEAT_MAP,
  });
  const performer = await bo.performers.create({ name: 'The Night Owls', description: 'Indie rock from Lisbon.', genre: 'indie rock' });
  const starts = new Date(nowMs + 30 * 86_400_000);
  starts.setUTCHours(20, 0, 0, 0);
  const event = await bo.events.create({
    title: 'The Night Owls: Live at the Demo Hall',
    description: 'A demo event created by `boxoffice demo`.',
    type: 'concert',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 3 * 3_600_000).toISOString(),
    onSaleAt: new Date(nowMs - 60_000).toISOString(),
    venueId: venue.id,
    performerIds: [performer.id],
    popularity: 50,
    currency: 'EUR',
    prices: DEMO_PRICES,
    holdTtlSeconds: 600,
    maxTicketsPerUser: 8,
  });
  return { venue, performer, event };
}

/** Other fans got there first: some seats sold, some held, so the map shows every state. */
export async function simulateEarlyFans(bo: BoxOffice, eventId: string): Promise<void> {
  const buy = async (userId: string, quantity: number, section: string) => {
    const hold = await bo.holds.create({ eventId, best: { quantity, section } }, { userId });
    await bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, { userId });
  };
  await buy('early-fan-1', 4, 'STL');
  await buy('early-fan-2', 6, 'PIT');
  await bo.holds.create({ eventId, best: { quantity: 3, section: 'CL' } }, { userId: 'early-fan-3' });
}
