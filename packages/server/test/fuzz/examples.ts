import fc from 'fast-check';
import { poolRef } from './id-pools.js';

/**
 * Requests valid by construction for the operations whose fields depend on each other (the
 * tickets of the event in the path, a venue's tiers in an event's prices, exactly one of
 * ticketIds/section/tier), which values drawn field by field from the schema almost never
 * satisfy. Without them the fuzz would reach only these routes' refusals; with them it reaches
 * holds, sales, new events and inventory changes, and the random requests run over that state.
 * Path parameters by name; `saleEvent`/`saleTicket` are the seeded event on sale and its seats.
 */
export interface Example {
  readonly path?: Record<string, unknown>;
  readonly query?: Record<string, unknown>;
  readonly body?: unknown;
}

const tier = fc.constantFrom('premium', 'standard', 'floor');
const saleTickets = fc.array(poolRef('saleTicket'), { minLength: 1, maxLength: 3 });
const future = (fromDays: number) => fc.integer({ min: fromDays, max: fromDays + 300 }).map((d) => new Date(Date.now() + d * 86_400_000).toISOString());
const payment = fc.record({ token: fc.constantFrom('tok_visa', 'tok_visa', 'tok_mastercard', 'tok_declined') });

export const EXAMPLES: Readonly<Record<string, fc.Arbitrary<Example>>> = {
  'POST /holds': fc.oneof(
    fc.record({ body: fc.record({ eventId: poolRef('saleEvent'), best: fc.record({ quantity: fc.integer({ min: 1, max: 4 }) }, { requiredKeys: ['quantity'] }) }) }),
    fc.record({ body: fc.record({ eventId: poolRef('saleEvent'), ticketIds: saleTickets }) }),
  ),
  'POST /bookings/{eventId}': fc.record({ path: fc.record({ eventId: poolRef('saleEvent') }), body: fc.record({ ticketIds: saleTickets, paymentDetails: payment }) }),
  'POST /holds/{holdId}/confirm': fc.record({ path: fc.record({ holdId: poolRef('hold') }), body: fc.record({ paymentDetails: payment }) }),
  'POST /admin/events': fc.record({
    body: fc.record({
      title: fc.constantFrom('Fuzz night', 'Encore', 'Matinée 🎭'),
      startsAt: future(2),
      venueId: poolRef('venue'),
      prices: fc.record({ premium: fc.nat(50_000), standard: fc.nat(50_000), floor: fc.nat(50_000) }),
      performerIds: fc.array(poolRef('performer'), { maxLength: 1 }),
    }),
  }),
  'POST /admin/venues': fc.record({
    body: fc.record({
      name: fc.constantFrom('Fuzz Hall', 'Salle'),
      city: fc.constantFrom('Porto', 'Lyon'),
      lat: fc.double({ min: -90, max: 90, noNaN: true }),
      lon: fc.double({ min: -180, max: 180, noNaN: true }),
      seatMap: fc.record({
        sections: fc.array(
          fc.record({ id: fc.constantFrom('A', 'B', 'C'), name: fc.constant('S'), tier, rows: fc.array(fc.record({ label: fc.constantFrom('A', 'B'), seatCount: fc.integer({ min: 1, max: 6 }) }), { maxLength: 2 }) }),
          { minLength: 1, maxLength: 2 },
        ),
      }),
    }),
  }),
  // Any event but the one on sale (a status change there would stop the examples' sales).
  'PATCH /admin/events/{eventId}': fc.record({
    path: fc.record({ eventId: poolRef('event') }),
    body: fc.record({ title: fc.constantFrom('Renamed', 'Ünïcode ✓'), popularity: fc.nat(1_000), holdTtlSeconds: fc.integer({ min: 10, max: 3_600 }), maxTicketsPerUser: fc.option(fc.integer({ min: 1, max: 20 }), { nil: null }) }, { requiredKeys: [] }),
  }),
  'POST /admin/events/{eventId}/inventory/block': inventory(),
  'POST /admin/events/{eventId}/inventory/release': inventory(),
  'POST /admin/events/{eventId}/inventory/reprice': inventory({ price: fc.nat(90_000) }),
  'GET /events/search': fc.record(
    { query: fc.record({ keyword: fc.constantFrom('testers', 'live', 'Fuzz'), includePast: fc.boolean(), sort: fc.constantFrom('date', 'price', 'popularity'), facets: fc.constant(true) }, { requiredKeys: [] }) },
  ),
  'POST /events/{eventId}/queue/join': fc.record({ path: fc.record({ eventId: poolRef('queuedEvent') }), body: fc.constant({}) }),
  'GET /events/{eventId}/queue/me': fc.record({ path: fc.record({ eventId: poolRef('queuedEvent') }) }),
  'POST /events/{eventId}/queue/heartbeat': fc.record({ path: fc.record({ eventId: poolRef('queuedEvent') }) }),
  'POST /events/{eventId}/queue/leave': fc.record({ path: fc.record({ eventId: poolRef('queuedEvent') }) }),
  'PUT /admin/events/{eventId}/queue': fc.record({
    path: fc.record({ eventId: poolRef('queuedEvent') }),
    body: fc.record({ enabled: fc.constant(true), mode: fc.constantFrom('fifo', 'randomized'), admissionRate: fc.integer({ min: 1, max: 50 }) }),
  }),
};

function inventory(extra: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Example> {
  const which = fc.oneof(
    fc.record({ ticketIds: saleTickets }),
    fc.record({ section: fc.constantFrom('A', 'B'), rows: fc.constant(['A']) }),
    fc.record({ tier }),
  );
  return fc.record({ path: fc.record({ eventId: poolRef('saleEvent') }), body: fc.tuple(which, fc.record(extra)).map(([a, b]) => ({ ...a, ...b })) });
}
