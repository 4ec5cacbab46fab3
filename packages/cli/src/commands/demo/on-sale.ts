import { runSimulation, type BoxOffice, type Event, type SimulationProgress, type SimulationReport } from '@boxoffice/sdk';
import { DEMO_PRICES } from './catalog.js';

/** The short on-sale: a few hundred fans for a 100-seat show, so it sells out in a second or two. */
export const DEMO_ON_SALE = { users: 300, seats: 100, concurrency: 16 } as const;

/** A club of 100 seats: a floor of 5 rows × 12 and a balcony of 2 rows × 20. */
const CLUB_SEAT_MAP = {
  sections: [
    { id: 'FLR', name: 'Floor', tier: 'standard', rank: 0, x: 0, y: 0, rows: [...'ABCDE'].map((label) => ({ label, seatCount: 12 })) },
    { id: 'BAL', name: 'Balcony', tier: 'value', rank: 1, x: 0, y: 10, rows: [...'AB'].map((label) => ({ label, seatCount: 20 })) },
  ],
};

export interface DemoOnSale {
  readonly event: Event;
  readonly report: SimulationReport;
}

/**
 * The late show the fans queue for: a venue and an event, on sale now. Created with the rest
 * of the catalog, before the search: a catalog change after it would have the search index
 * rebuilt in the background — on PGlite, through the one connection the on-sale needs.
 */
export async function createLateShow(bo: BoxOffice, performerId: string, nowMs: number): Promise<Event> {
  const venue = await bo.venues.create({
    name: 'BoxOffice Demo Club',
    address: 'Rua Augusta 100',
    city: 'Lisbon',
    country: 'PT',
    lat: 38.7101,
    lon: -9.1371,
    seatMap: CLUB_SEAT_MAP,
  });
  const starts = new Date(nowMs + 31 * 86_400_000);
  starts.setUTCHours(23, 0, 0, 0);
  return bo.events.create({
    title: 'The Night Owls: Late Show at the Demo Club',
    description: 'The short on-sale of `boxoffice demo`: fans queue for 100 seats.',
    type: 'concert',
    startsAt: starts.toISOString(),
    endsAt: new Date(starts.getTime() + 2 * 3_600_000).toISOString(),
    onSaleAt: new Date(nowMs - 60_000).toISOString(),
    venueId: venue.id,
    performerIds: [performerId],
    popularity: 80,
    currency: 'EUR',
    prices: { standard: DEMO_PRICES.standard, value: DEMO_PRICES.value },
    holdTtlSeconds: 600,
    maxTicketsPerUser: 8,
  });
}

/**
 * Runs the SDK's simulator on the late show: every fan arrives at once and joins the event's
 * waiting queue (the run turns it on with `concurrency` active buyers, and off again after);
 * admitted fans hold 2 seats best-available and pay (5 % decline, half of them retry); the rest
 * are told "sold out" from the live count. Nobody abandons a hold: on a store the demo does not
 * own the clock of, an abandoned hold comes back only when it expires (10 minutes here), and the
 * demo must stay a few seconds. The report carries the simulator's own audit of the run.
 */
export async function runDemoOnSale(bo: BoxOffice, event: Event, onProgress?: (p: SimulationProgress) => void): Promise<DemoOnSale> {
  const report = await runSimulation(bo, {
    eventId: event.id,
    users: DEMO_ON_SALE.users,
    concurrency: DEMO_ON_SALE.concurrency,
    queue: true,
    abandonRate: 0,
    seed: 1,
    ...(onProgress ? { onProgress } : {}),
  });
  return { event, report };
}
