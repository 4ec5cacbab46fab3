import { afterEach, describe, expect, it } from 'vitest';
import { isBoxOfficeError } from '@boxoffice/sdk';
import { DEMO_USER, demo, type DemoResult } from '../src/commands/demo/demo.js';
import { DEMO_ON_SALE } from '../src/commands/demo/on-sale.js';
import { DEMO_CATALOG_EVENTS } from '../src/commands/demo/search-step.js';
import { fakeIo, memoryHarness, plain, type MemoryHarness } from './helpers.js';

let h: MemoryHarness;
afterEach(async () => {
  await h.bo.close();
});

describe('demo', () => {
  it('--json: a fresh event, 2 best seats confirmed for the demo user, a clean audit, next steps', async () => {
    h = memoryHarness();
    expect(await demo(h.ctx, { json: true })).toBe(0);
    const result = JSON.parse(h.io.out()) as DemoResult;
    expect(result.store).toEqual({ kind: 'memory', location: 'in-memory store (nothing is kept)' });
    expect(result.event.venue.capacity).toBe(396 + 120);
    expect(result.event.performers.map((p) => p.name)).toEqual(['The Night Owls']);
    expect(result.booking).toMatchObject({ status: 'CONFIRMED', userId: DEMO_USER, holdId: result.hold.id, total: result.hold.total });
    expect(result.booking.seats).toHaveLength(2);
    // Best available: the two seats are side by side in one row of the premium stalls.
    const [a, b] = result.booking.seats;
    expect(a?.section).toBe('STL');
    expect(a?.row).toBe(b?.row);
    expect(Math.abs((a?.seat ?? 0) - (b?.seat ?? 0))).toBe(1);
    expect(result.audit.ok).toBe(true);
    expect(result.audit.bookingsChecked).toBe(3);
    // The memory store is gone when the demo ends: the next steps start from a store that keeps data.
    expect(result.next[0]).toMatch(/^boxoffice demo +# again, on the embedded store/);
    expect(result.next).toContain('boxoffice events show <eventId>');
    const tickets = await h.bo.getTickets(result.event.id);
    expect(result.booking.ticketIds.map((id) => tickets.find((t) => t.id === id)?.status)).toEqual(['SOLD', 'SOLD']);
    expect(h.io.err()).toMatch(/Demo done in \d+/);
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['seed', 'search', 'onSale']));
  });

  it('--json: the search step found the demo event among the seeded catalog, as searchEvents does', async () => {
    h = memoryHarness();
    expect(await demo(h.ctx, { json: true })).toBe(0);
    const { search, event, onSale } = JSON.parse(h.io.out()) as DemoResult;
    expect(search.seededEvents).toBe(DEMO_CATALOG_EVENTS);
    expect(search.query).toMatchObject({ keyword: 'night' });
    // The demo's two events are the best matches (titles); seeded events match on their descriptions.
    expect(search.result.items.slice(0, 2).map((e) => e.id).sort()).toEqual([event.id, onSale.event.id].sort());
    expect(search.result.total).toBeGreaterThan(search.result.items.length);
    expect(search.result.facets?.city?.map((c) => c.value)).toContain('Lisbon');
    // Every event the demo wrote is in the store: its own two, the seeded ones.
    const events = await h.bo.listEvents({ pageSize: 100 });
    expect(events).toHaveLength(DEMO_CATALOG_EVENTS + 2);
    expect(events.map((e) => e.id)).toEqual(expect.arrayContaining([event.id, onSale.event.id]));
    // How long the index took is reported, not judged here: speed is measured in benchmarks,
    // and this machine's load decides a wall-clock bound.
    expect(search.indexWaitMs).toBeGreaterThanOrEqual(0);
  });

  it('--json: the on-sale sold the late show out through the queue, its audit clean and the store agreeing', async () => {
    h = memoryHarness();
    expect(await demo(h.ctx, { json: true })).toBe(0);
    const { onSale } = JSON.parse(h.io.out()) as DemoResult;
    const r = onSale.report;
    expect(r.eventId).toBe(onSale.event.id);
    expect(r.createdEvent).toBe(false);
    expect(r.ok).toBe(true);
    expect(r.audit.checks.length).toBeGreaterThan(3);
    expect(r.audit.checks.every((c) => c.ok)).toBe(true);
    expect(r.soldOut).toBe(true);
    expect(r.seats).toMatchObject({ total: DEMO_ON_SALE.seats, soldByRun: DEMO_ON_SALE.seats, availableAtEnd: 0, reservedAtEnd: 0 });
    expect(r.users.total).toBe(DEMO_ON_SALE.users);
    expect(r.users.booked * 2).toBe(DEMO_ON_SALE.seats);
    expect(r.users.soldOut).toBeGreaterThan(0);
    expect(r.users.failed + r.users.abandoned).toBe(0);
    expect(r.options).toMatchObject({ queue: true, concurrency: DEMO_ON_SALE.concurrency, abandonRate: 0 });
    // Everyone went through the queue; it admitted in slots, not all at once.
    expect(r.queue).toMatchObject({ settings: 'configured', joined: DEMO_ON_SALE.users });
    expect(r.queue!.admitted).toBeGreaterThanOrEqual(r.users.started);
    expect(r.queue!.admitted).toBeLessThan(DEMO_ON_SALE.users);
    expect(r.latency.queueWait!.count).toBe(r.queue!.admitted);
    // The store says the same, read back independently of the report.
    const tickets = await h.bo.getTickets(onSale.event.id);
    expect(tickets).toHaveLength(DEMO_ON_SALE.seats);
    expect(tickets.every((t) => t.status === 'SOLD' && t.bookingId !== null)).toBe(true);
    expect(new Set(tickets.map((t) => t.bookingId)).size).toBe(r.users.booked);
    expect((await h.bo.audit(onSale.event.id)).ok).toBe(true);
    // The run put the queue back as it found it: off.
    const stats = await h.bo.queueStats(onSale.event.id).catch((e: unknown) => (isBoxOfficeError(e, 'QUEUE_DISABLED') ? null : Promise.reject(e)));
    expect(stats?.settings.enabled ?? false).toBe(false);
  });

  it('exits 1 when the on-sale audit fails', async () => {
    h = memoryHarness();
    // A store audit that finds an oversold seat on the late show only.
    let lateShow = '';
    const bo = {
      ...h.bo,
      events: {
        ...h.bo.events,
        create: async (input: Parameters<typeof h.bo.events.create>[0]) => {
          const e = await h.bo.events.create(input);
          if (e.title.includes('Late Show')) lateShow = e.id;
          return e;
        },
      },
      operations: { ...h.bo.operations, audit: async (id?: string) => ({ ...(await h.bo.operations.audit(id)), ...(id === lateShow ? { ok: false, oversoldTickets: ['tkt_x'] } : {}) }) },
    };
    expect(await demo({ ...h.ctx, open: async () => bo }, { json: true })).toBe(1);
    const result = JSON.parse(h.io.out()) as DemoResult;
    expect(result.onSale.report.audit.ok).toBe(false);
    expect(result.audit.ok).toBe(true);
  });

  it('tells the story on stdout for people: event, seat map, hold, booking, audit, what next', async () => {
    h = memoryHarness(fakeIo({ isTTY: true }));
    await demo(h.ctx);
    const out = plain(h.io.out());
    const order = [
      '1. Searching the catalog for "night"',
      'Blue Shadows',
      '2. The Night Owls',
      '3. The seat map',
      'STAGE',
      '4. demo-user holds',
      '5. Paid with',
      '6. The on-sale: 300 fans queue for 100 seats of the late show',
      '7. The audit',
      'What to try next',
    ];
    const positions = order.map((s) => out.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(out).toMatch(/^Status +CONFIRMED$/m);
    expect(out).toContain('◉ yours');
    expect(out).toContain('Audit ok: 516 tickets, 3 bookings, 3 payments; nothing oversold, nothing lost.');
    expect(out).toContain('The memory store ended with this demo');
    expect(out).toMatch(/^5 of \d+ matching events shown\.$/m);
    expect(out).toMatch(/^By type: concert \d+$/m);
    expect(out).toMatch(/^Result +sold out in [\d.]+ s; audit OK$/m);
    expect(out).toMatch(/^Queue +300 joined, \d+ admitted 16 at a time, \d+ told sold out$/m);
    expect(out).toMatch(/^Fans +50 booked 100 seats/m);
    expect(out).toMatch(/^Latency +queue [\d.]+\/[\d.]+ ms, hold [\d.]+\/[\d.]+ ms, confirm [\d.]+\/[\d.]+ ms \(p50\/p99\)$/m);
    expect(out).toMatch(/^ ok {3}store audit$/m);
    expect(out).toMatch(/^ ok {3}one booking per hold$/m);
    expect(out).toContain('boxoffice simulate --users 100000');
    expect(h.io.out()).toContain('\u001b['); // coloured on a terminal
    // Everything fits 80 columns (the long demo title is the one field that may not).
    const wide = out.split('\n').filter((line) => line.length > 80);
    expect(wide.filter((line) => !line.startsWith('Show '))).toEqual([]);
  });

  it('running twice on one store creates a fresh event each time', async () => {
    h = memoryHarness();
    await demo(h.ctx, { json: true });
    const first = JSON.parse(h.io.out()) as DemoResult;
    const io = fakeIo();
    await demo({ ...h.ctx, io }, { json: true });
    const second = JSON.parse(io.out()) as DemoResult;
    expect(second.event.id).not.toBe(first.event.id);
    expect(second.booking.status).toBe('CONFIRMED');
    expect((await h.bo.listEvents({ pageSize: 100 })).length).toBe(2 * (DEMO_CATALOG_EVENTS + 2));
    expect(second.search.result.total).toBeGreaterThan(first.search.result.total);
  });

  it('on a store that keeps data, next steps name the new event and booking, with --store only if it was a flag', async () => {
    for (const source of ['flag', 'default'] as const) {
      h = memoryHarness(fakeIo(), { spec: source === 'flag' ? '/tmp/my store' : './.boxoffice', source });
      const bo = { ...h.bo, storeKind: 'pglite' }; // as if kept on disk
      await demo({ ...h.ctx, open: async () => bo }, { json: true });
      const result = JSON.parse(h.io.out()) as DemoResult;
      const store = source === 'flag' ? " --store '/tmp/my store'" : '';
      expect(result.next[0]).toBe(`boxoffice events show ${result.event.id}${store}`);
      expect(result.next).toContain(`boxoffice bookings cancel ${result.booking.id} --user demo-user${store}`);
      await h.bo.close();
    }
    h = memoryHarness();
  });
});
