import { stadiumSeatMap, type BoxOffice, type Event } from '@boxoffice/sdk';

/**
 * Events for the browser tests, the screenshots and a local demo: a 520-seat theatre, an
 * event behind a waiting room, and (opt-in, it takes a few seconds) a 50,000-seat stadium.
 */
export interface DemoEvents {
  readonly theatre: Event;
  readonly queued: Event;
  readonly stadium: Event | undefined;
}

const DAY_MS = 86_400_000;

export async function createDemoEvents(bo: BoxOffice, options: { stadium?: boolean } = {}): Promise<DemoEvents> {
  const venue = await bo.createVenue({
    name: 'Riverside Theatre',
    address: '12 Quay Street',
    city: 'Lisbon',
    country: 'PT',
    lat: 38.707,
    lon: -9.136,
    seatMap: {
      sections: [
        { id: 'STALLS-A', name: 'Stalls A', tier: 'premium', x: 4, y: 0, rows: rows(8, 20) },
        { id: 'STALLS-B', name: 'Stalls B', tier: 'standard', x: 2, y: 10, rows: rows(8, 24) },
        { id: 'BALCONY', name: 'Balcony', tier: 'value', x: 0, y: 20, rows: rows(6, 28) },
      ],
    },
  });
  const band = await bo.createPerformer({ name: 'The Night Owls', genre: 'jazz' });
  const singer = await bo.createPerformer({ name: 'Marta Sol', genre: 'fado' });
  const common = {
    type: 'concert' as const,
    venueId: venue.id,
    currency: 'EUR',
    prices: { premium: 9_500, standard: 6_000, value: 3_500 },
    onSaleAt: new Date(Date.now() - 60_000).toISOString(),
    holdTtlSeconds: 600,
    maxTicketsPerUser: 8,
  };
  const theatre = await bo.createEvent({
    ...common,
    title: 'The Night Owls: late set',
    description: 'Two hours of late-night jazz by the river.',
    startsAt: new Date(Date.now() + 21 * DAY_MS).toISOString(),
    performerIds: [band.id, singer.id],
  });
  const queued = await bo.createEvent({
    ...common,
    title: 'Marta Sol: farewell tour',
    description: 'The last night of the tour. Tickets go on sale through a waiting room.',
    startsAt: new Date(Date.now() + 45 * DAY_MS).toISOString(),
    performerIds: [singer.id],
    popularity: 95,
  });
  let stadium: Event | undefined;
  if (options.stadium) {
    const shape = { sections: 50, rows: 25, seatsPerRow: 40 }; // 50,000 seats
    const arena = await bo.createVenue({
      name: 'Estádio do Rio',
      address: '1 Avenida do Estádio',
      city: 'Porto',
      country: 'PT',
      lat: 41.161,
      lon: -8.583,
      seatMap: { sections: stadiumSeatMap(shape).sections.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r })) })) },
    });
    stadium = await bo.createEvent({
      ...common,
      type: 'sports',
      title: 'Cup final',
      description: 'Fifty thousand seats, one final.',
      venueId: arena.id,
      prices: { premium: 15_000, standard: 8_000, value: 4_500 },
      startsAt: new Date(Date.now() + 60 * DAY_MS).toISOString(),
      performerIds: [],
    });
  }
  return { theatre, queued, stadium };
}

function rows(count: number, seats: number) {
  return Array.from({ length: count }, (_, r) => ({ label: String.fromCharCode(65 + r), seatCount: seats }));
}
