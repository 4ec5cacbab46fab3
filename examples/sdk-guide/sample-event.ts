import type { BoxOffice, Event } from '@boxoffice/sdk';

/** A venue with two rows of ten seats and an event on sale now: what every example sells. */
export async function createSampleEvent(boxOffice: BoxOffice): Promise<Event> {
  const venue = await boxOffice.venues.create({
    name: 'Riverside Hall',
    city: 'Lisbon',
    country: 'PT',
    lat: 38.7077,
    lon: -9.1365,
    seatMap: {
      sections: [{ id: 'STALLS', name: 'Stalls', tier: 'standard', rows: [{ label: 'A', seatCount: 10 }, { label: 'B', seatCount: 10 }] }],
    },
  });
  return boxOffice.events.create({
    title: 'Fado at the River',
    type: 'concert',
    startsAt: '2030-06-12T20:30:00Z',
    venueId: venue.id,
    currency: 'EUR',
    prices: { standard: 4_500 },
  });
}
