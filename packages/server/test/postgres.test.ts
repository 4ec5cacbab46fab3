import { randomBytes } from 'node:crypto';
import { createBoxOffice, TestPaymentGateway, type BoxOffice } from '@boxoffice/sdk';
import { dropSchema, openPostgresStore, type PostgresStore } from '@boxoffice/sdk/postgres';
import { createHallEvent } from '@boxoffice/sdk/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PG_URL, postgresReachable } from './postgres-probe.js';
import { createServer } from '../src/index.js';
import { bearer, SECRET, TEST_SERVER } from './helpers.js';

/** The server over real PostgreSQL (a fresh schema): skipped with a message when unreachable, failing under CI=true. */
const schema = `bo_srv_${randomBytes(5).toString('hex')}`;
const reachable = await postgresReachable();

describe.skipIf(!reachable)('the server on PostgreSQL', () => {
  let store: PostgresStore;
  let bo: BoxOffice;
  let app: FastifyInstance;
  beforeAll(async () => {
    store = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 10 });
    bo = createBoxOffice({ store, payments: new TestPaymentGateway({ timeoutMs: 5 }), ownsStore: false });
    app = createServer({ boxOffice: bo, secret: SECRET, ...TEST_SERVER });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await bo?.close();
    await store?.close();
    if (reachable) await dropSchema({ connectionString: PG_URL, schema });
  });

  it('serves the seed contract and sells each seat once to 40 racing buyers', async () => {
    const { event } = await createHallEvent(bo, { maxTicketsPerUser: null });
    const view = await app.inject({ method: 'GET', url: `/events/${event.id}` });
    expect(view.statusCode).toBe(200);
    const tickets: Array<{ id: string; section: string; row: string | null; seat: number | null }> = view.json().tickets;
    const row = tickets.filter((x) => x.section === 'B' && x.row === 'A').sort((a, b) => a.seat! - b.seat!).map((x) => x.id);
    // 40 buyers, each wanting two neighbouring seats of one 8-seat row, through HTTP.
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: `/bookings/${event.id}`,
          headers: bearer(`buyer${i}`),
          payload: { ticketIds: [row[i % 7], row[(i % 7) + 1]], paymentDetails: { token: 'tok_visa' } },
        }),
      ),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.every((c) => c === 201 || c === 409), codes.join(',')).toBe(true);
    const sold = results.filter((r) => r.statusCode === 201).flatMap((r) => r.json().ticketIds as string[]);
    expect(new Set(sold).size).toBe(sold.length);
    expect(sold.length).toBeGreaterThanOrEqual(2);
    const audit = await app.inject({ method: 'GET', url: `/admin/audit?eventId=${event.id}`, headers: bearer('ops', 'admin') });
    expect(audit.json()).toMatchObject({ ok: true });
    const after = (await app.inject({ method: 'GET', url: `/events/${event.id}/availability` })).json();
    expect(after.statuses.split('').filter((c: string) => c === 'S')).toHaveLength(sold.length);
  });
});
