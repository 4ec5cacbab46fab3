import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgresStore, type PostgresStore } from '../../src/adapters/postgres/index.js';
import { createTestGateway } from '../../src/adapters/payments/test-gateway.js';
import type { BoxOffice } from '../../src/box-office.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import type { Hold } from '../../src/domain/types.js';
import { PG_URL, pgReachable } from './harness.js';

/**
 * Best-available buyers of one event spread over several BoxOffice instances on one database,
 * each with its own pool and its own batches, as separate server processes would have. Their
 * placements race in the database; a block lost to the other instance is placed again from a
 * fresh read, so every buyer still gets one while blocks remain.
 */
describe.skipIf(!pgReachable)('best available across instances sharing one PostgreSQL', () => {
  const schema = `bo_test_${randomBytes(6).toString('hex')}`;
  let stores: PostgresStore[] = [];
  let instances: BoxOffice[] = [];
  beforeAll(async () => {
    const first = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 6 });
    stores = [first, await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 6, migrate: false })];
    instances = stores.map((store) => createBoxOffice({ store, payments: createTestGateway(), ownsStore: false }));
  });
  afterAll(async () => {
    await Promise.all(instances.map((bo) => bo.close()));
    await Promise.all(stores.map((s) => s.close()));
    await dropSchema({ connectionString: PG_URL, schema });
  });

  it('gives each of 2 × 40 concurrent buyers an adjacent pair of a 240-seat event, no seat twice', async () => {
    const [a, b] = instances as [BoxOffice, BoxOffice];
    const venue = await a.createVenue({
      name: 'Two Doors Hall',
      city: 'Porto',
      lat: 41.15,
      lon: -8.61,
      seatMap: { sections: [{ id: 'S', name: 'Stalls', tier: 'standard', rows: Array.from({ length: 12 }, (_, r) => ({ label: `R${r + 1}`, seatCount: 20 })) }] },
    });
    const event = await a.createEvent({
      title: 'Two doors',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      venueId: venue.id,
      prices: { standard: 3_000 },
      maxTicketsPerUser: null,
    });
    const ask = (bo: BoxOffice, who: string) => bo.hold({ eventId: event.id, userId: who, best: { quantity: 2 } });
    const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => [ask(a, `a-${i}`), ask(b, `b-${i}`)]).flat());
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [String((o.reason as Error).message)] : []));
    expect(refused).toEqual([]);
    const holds = outcomes.map((o) => (o as PromiseFulfilledResult<Hold>).value);
    const tickets = new Map((await a.getTickets(event.id)).map((t) => [t.id, t]));
    const taken = holds.flatMap((h) => h.ticketIds);
    expect(new Set(taken).size).toBe(taken.length);
    for (const h of holds) {
      const seats = h.ticketIds.map((id) => tickets.get(id)!);
      expect(seats.every((s) => s.holdId === h.id && s.status === 'RESERVED')).toBe(true);
      expect(seats[0]!.row).toBe(seats[1]!.row);
      expect(Math.abs(seats[0]!.seat! - seats[1]!.seat!)).toBe(1);
    }
  });
});
