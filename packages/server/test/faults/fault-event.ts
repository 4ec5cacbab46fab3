import { connect, signToken, type RemoteBoxOffice } from '@boxoffice/sdk';
import { SECRET } from '../helpers.js';

/** The fault tests' operator: an admin client on one of the servers under test. */
export function adminOf(url: string): RemoteBoxOffice {
  return connect(url, { token: signToken(SECRET, { userId: 'ops', role: 'admin' }) });
}

/**
 * A one-section venue of `rows` × `seatsPerRow` seats and, on it, one event per title, on sale
 * now, starting tomorrow, one price, no per-user cap: what every fault test sells under load.
 */
export async function createFaultEvents(
  admin: RemoteBoxOffice,
  options: { venue: string; rows: number; seatsPerRow: number; titles: readonly string[]; holdTtlSeconds?: number },
): Promise<string[]> {
  const venue = await admin.createVenue({
    name: options.venue,
    city: 'Porto',
    lat: 41.1,
    lon: -8.6,
    seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: Array.from({ length: options.rows }, (_, r) => ({ label: `R${r}`, seatCount: options.seatsPerRow })) }] },
  });
  const ids: string[] = [];
  for (const title of options.titles) {
    const event = await admin.createEvent({
      title,
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      venueId: venue.id,
      prices: { t: 1000 },
      maxTicketsPerUser: null,
      ...(options.holdTtlSeconds === undefined ? {} : { holdTtlSeconds: options.holdTtlSeconds }),
    });
    ids.push(event.id);
  }
  return ids;
}
