import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_USER, demo, type DemoResult } from '../src/commands/demo/demo.js';
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
  });

  it('tells the story on stdout for people: event, seat map, hold, booking, audit, what next', async () => {
    h = memoryHarness(fakeIo({ isTTY: true }));
    await demo(h.ctx);
    const out = plain(h.io.out());
    const order = ['1. The Night Owls', '2. The seat map', 'STAGE', '3. demo-user holds', '4. Paid with', '5. The audit', 'What to try next'];
    const positions = order.map((s) => out.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((x, y) => x - y));
    expect(out).toMatch(/^Status +CONFIRMED$/m);
    expect(out).toContain('◉ yours');
    expect(out).toContain('Audit ok: 516 tickets, 3 bookings, 3 payments; nothing oversold, nothing lost.');
    expect(out).toContain('The memory store ended with this demo');
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
    expect((await h.bo.listEvents()).length).toBe(2);
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
