import { randomBytes } from 'node:crypto';
import { createBoxOffice, TestPaymentGateway, type BoxOffice } from '@boxoffice/sdk';
import { dropSchema, openPostgresStore, type PostgresStore } from '@boxoffice/sdk/postgres';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/index.js';
import { bearer, SECRET, TEST_SERVER, testApp, type TestApp } from './helpers.js';
import { PG_URL, postgresReachable } from './postgres-probe.js';

const venueBody = { name: 'Hall', city: 'Porto', lat: 41.1, lon: -8.6, seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: [{ label: 'A', seatCount: 4 }] }] } };
const key = () => `k-${randomBytes(6).toString('hex')}`;

describe('Idempotency-Key on the POSTs the SDK does not key itself', () => {
  let t: TestApp;
  afterEach(async () => t?.close());
  const post = (url: string, payload: unknown, headers: Record<string, string>) => t.app.inject({ method: 'POST', url, payload: payload as object, headers });

  it('answers a retry with the first response, and never creates twice', async () => {
    t = await testApp();
    const k = key();
    const first = await post('/admin/performers', { name: 'The Band' }, { ...t.as.admin, 'idempotency-key': k });
    const again = await post('/admin/performers', { name: 'The Band' }, { ...t.as.admin, 'idempotency-key': k });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    // The Location of an event is replayed too.
    const venue = (await post('/admin/venues', venueBody, { ...t.as.admin, 'idempotency-key': key() })).json();
    const event = { title: 'Night', startsAt: new Date(Date.now() + 86_400_000).toISOString(), venueId: venue.id, prices: { t: 1000 } };
    const ek = key();
    const made = await post('/admin/events', event, { ...t.as.admin, 'idempotency-key': ek });
    const replayed = await post('/admin/events', event, { ...t.as.admin, 'idempotency-key': ek });
    expect(replayed.headers.location).toBe(made.headers.location);
    expect(replayed.json()).toEqual(made.json());
    expect((await t.bo.listEvents({ pageSize: 100 })).filter((e) => e.title === 'Night')).toHaveLength(1);
    // A webhook endpoint: the same id and the same (once-shown) secret to the same admin's retry.
    const wk = key();
    const hook = await post('/admin/webhooks', { url: 'https://example.com/hook' }, { ...t.as.admin, 'idempotency-key': wk });
    const hookAgain = await post('/admin/webhooks', { url: 'https://example.com/hook' }, { ...t.as.admin, 'idempotency-key': wk });
    expect(hookAgain.json()).toEqual(hook.json());
    expect(await t.store.webhooks.listEndpoints()).toHaveLength(1);
  });

  it('refuses the same key for another request (422), and a duplicate still running (409)', async () => {
    t = await testApp();
    const k = key();
    await post('/admin/performers', { name: 'A' }, { ...t.as.admin, 'idempotency-key': k });
    const other = await post('/admin/performers', { name: 'B' }, { ...t.as.admin, 'idempotency-key': k });
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH', field: 'idempotencyKey' });
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    // Another route with the same key is another request too: keys are per user and route.
    expect((await post('/admin/venues', venueBody, { ...t.as.admin, 'idempotency-key': k })).statusCode).toBe(201);
    // Another admin's key is theirs alone.
    expect((await post('/admin/performers', { name: 'B' }, { ...bearer('ops2', 'admin'), 'idempotency-key': k })).statusCode).toBe(201);

    // Duplicates sent together never make two venues (on memory the first usually finishes first).
    const ck = key();
    const racing = await Promise.all(Array.from({ length: 3 }, () => post('/admin/venues', venueBody, { ...t.as.admin, 'idempotency-key': ck })));
    const made = racing.filter((r) => r.statusCode === 201);
    expect(new Set(made.map((r) => r.json().id)).size).toBe(1);
    for (const r of racing.filter((x) => x.statusCode !== 201)) expect(r.json()).toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS' });
  });

  it('replays a final error, forgets nothing else, and validates the header on every POST', async () => {
    t = await testApp();
    const k = key();
    const event = { title: 'Nowhere', startsAt: new Date(Date.now() + 86_400_000).toISOString(), venueId: 'ven_missing00000000000', prices: { t: 1000 } };
    const missing = await post('/admin/events', event, { ...t.as.admin, 'idempotency-key': k });
    expect(missing.statusCode).toBe(404);
    const again = await post('/admin/events', event, { ...t.as.admin, 'idempotency-key': k });
    expect(again.statusCode).toBe(404);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(missing.json());
    // A bad body never claims the key: the corrected request runs under it.
    const bk = key();
    expect((await post('/admin/performers', { name: '' }, { ...t.as.admin, 'idempotency-key': bk })).statusCode).toBe(400);
    expect((await post('/admin/performers', { name: 'Fixed' }, { ...t.as.admin, 'idempotency-key': bk })).statusCode).toBe(201);
    // A malformed key is a 400 naming it, on any POST (admin, queue, operations).
    for (const url of ['/admin/performers', '/admin/sweep', '/admin/queues/admit']) {
      const bad = await post(url, { name: 'x' }, { ...t.as.admin, 'idempotency-key': 'x'.repeat(300) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION', field: 'idempotencyKey' });
    }
  });
});

const schema = `bo_idem_${randomBytes(5).toString('hex')}`;
const reachable = await postgresReachable();

describe.skipIf(!reachable)('Idempotency-Key across two server instances on one PostgreSQL', () => {
  const nodes: Array<{ store: PostgresStore; bo: BoxOffice; app: FastifyInstance }> = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1) {
      const store = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 4 });
      const bo = createBoxOffice({ store, payments: new TestPaymentGateway({ timeoutMs: 5 }), ownsStore: false });
      const app = createServer({ boxOffice: bo, secret: SECRET, ...TEST_SERVER, idempotency: store });
      await app.ready();
      nodes.push({ store, bo, app });
    }
  });
  afterAll(async () => {
    for (const n of nodes) {
      await n.app.close();
      await n.bo.close();
      await n.store.close();
    }
    if (reachable) await dropSchema({ connectionString: PG_URL, schema });
  });

  it('replays on one process the answer the other gave', async () => {
    const k = key();
    const headers = { ...bearer('ops', 'admin'), 'idempotency-key': k };
    const first = await nodes[0]!.app.inject({ method: 'POST', url: '/admin/venues', payload: venueBody, headers });
    const second = await nodes[1]!.app.inject({ method: 'POST', url: '/admin/venues', payload: venueBody, headers });
    expect(first.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json()).toEqual(first.json());
    const mismatch = await nodes[1]!.app.inject({ method: 'POST', url: '/admin/venues', payload: { ...venueBody, name: 'Other' }, headers });
    expect(mismatch.json()).toMatchObject({ status: 422, code: 'IDEMPOTENCY_MISMATCH' });
  });

  it('tells a duplicate sent while the first still runs (on another process) that it is in progress', async () => {
    const headers = { ...bearer('ops', 'admin'), 'idempotency-key': key() };
    // An event on a 20,000-seat venue (20,000 tickets written) takes PostgreSQL long enough for the duplicates to arrive meanwhile.
    const big = { ...venueBody, seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: Array.from({ length: 200 }, (_, i) => ({ label: `R${i}`, seatCount: 100 })) }] } };
    const venue = (await nodes[0]!.app.inject({ method: 'POST', url: '/admin/venues', payload: big, headers: bearer('ops', 'admin') })).json();
    const event = { title: 'Stadium night', startsAt: new Date(Date.now() + 86_400_000).toISOString(), venueId: venue.id, prices: { t: 1000 } };
    const send = (i: number) => nodes[i % 2]!.app.inject({ method: 'POST', url: '/admin/events', payload: event, headers });
    const first = send(0);
    await new Promise((r) => setTimeout(r, 20));
    const all = await Promise.all([first, send(1), send(0)]);
    // Whichever claimed the key first made the one event; the others were told it was still
    // running (409), or, had it finished, got it replayed: never a second event.
    const made = all.filter((r) => r.statusCode === 201);
    expect(made.length).toBeGreaterThanOrEqual(1);
    expect(new Set(made.map((r) => r.json().id)).size).toBe(1);
    const duplicates = all.filter((r) => r.statusCode !== 201);
    for (const d of duplicates) expect(d.json()).toMatchObject({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS', field: 'idempotencyKey' });
    expect(duplicates.some((d) => d.statusCode === 409)).toBe(true);
    expect((await nodes[1]!.bo.listEvents({ pageSize: 100 })).filter((e) => e.title === 'Stadium night')).toHaveLength(1);
  });
});
