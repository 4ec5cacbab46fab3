import { afterEach, describe, expect, it } from 'vitest';
import { runSimulation, type DomainEvent, type SimulationProgress, type SimulationReport } from '../../src/index.js';
import { simHarness, type SimHarness } from './harness.js';

let h: SimHarness;
afterEach(async () => {
  await h?.bo.close();
});

/** Seats SOLD in the store == seats of confirmed bookings, counted from the store itself. */
async function storeCounts(report: SimulationReport) {
  const tickets = await h.bo.getTickets(report.eventId);
  const bookings = await h.bo.listBookings({ eventId: report.eventId, pageSize: 500 });
  return {
    sold: tickets.filter((t) => t.status === 'SOLD').length,
    seatsInBookings: bookings.filter((b) => b.status === 'CONFIRMED').reduce((n, b) => n + b.ticketIds.length, 0),
    bookings: bookings.length,
    tickets,
  };
}

describe('runSimulation on the memory store', () => {
  it('sells a small event out, and the audit and the counts agree', async () => {
    h = simHarness();
    const progress: SimulationProgress[] = [];
    const report = await runSimulation(h.bo, { users: 300, seats: 200, concurrency: 16, declineRate: 0.2, abandonRate: 0, storeClock: h.store, onProgress: (p) => progress.push(p) });
    expect(report.ok).toBe(true);
    expect(report.audit.checks.every((c) => c.ok)).toBe(true);
    expect(report.soldOut).toBe(true);
    expect(report.timeToSellOutMs).not.toBeNull();
    const counts = await storeCounts(report);
    expect(counts.sold).toBe(200);
    expect(counts.seatsInBookings).toBe(200);
    expect(report.seats.soldByRun).toBe(200);
    expect(report.bookings).toBe(counts.bookings);
    expect(report.users.booked).toBe(counts.bookings);
    // every user ends in exactly one outcome
    const u = report.users;
    expect(u.booked + u.gaveUp + u.abandoned + u.soldOut + u.noSeats + u.failed + u.stopped + u.notStarted).toBe(300);
    expect(report.latency.hold!.count).toBeGreaterThanOrEqual(report.holds);
    expect(report.latency.confirm!.p99).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ users: 300, done: 300, sold: 200, soldOut: true });
  });

  it('never captures a declined card: declines are DECLINED payments and one capture per booking', async () => {
    h = simHarness(2);
    const report = await runSimulation(h.bo, { users: 150, seats: 200, concurrency: 8, declineRate: 0.5, retryAfterDecline: 0.5, abandonRate: 0, storeClock: h.store });
    expect(report.ok).toBe(true);
    const declinedCalls = report.errors.confirm?.PAYMENT_DECLINED ?? 0;
    expect(declinedCalls).toBeGreaterThan(20);
    const declined = await h.store.listPaymentsToReconcile(['DECLINED'], Number.MAX_SAFE_INTEGER, 10_000);
    expect(declined).toHaveLength(declinedCalls);
    const ledger = h.gateway.ledger();
    const captured = ledger.filter((e) => e.status === 'captured');
    expect(captured).toHaveLength(report.bookings);
    for (const p of declined) expect(ledger.find((e) => e.paymentId === p.id)).toBeUndefined();
    expect(report.users.gaveUp).toBeGreaterThan(0);
    expect(report.users.gaveUp).toBeLessThan(declinedCalls);
  });

  it('expires abandoned holds by moving the store clock, and their seats are resold', async () => {
    h = simHarness(3);
    const freed = new Set<string>();
    h.bo.subscribe((e: DomainEvent) => {
      if (e.reason === 'expire') for (const c of e.changes) freed.add(c.ticketId);
    });
    const report = await runSimulation(h.bo, { users: 400, seats: 200, concurrency: 16, abandonRate: 0.3, declineRate: 0, storeClock: h.store });
    expect(report.ok).toBe(true);
    expect(report.users.abandoned).toBeGreaterThan(10);
    expect(report.expiry.mode).toBe('clock');
    expect(report.expiry.clockAdvances).toBeGreaterThan(0);
    // a seat may expire more than once (abandoned again after its resale)
    expect(report.expiry.seatsFreed).toBeGreaterThanOrEqual(freed.size);
    expect(freed.size).toBeGreaterThan(0);
    expect(report.soldOut).toBe(true);
    const { tickets } = await storeCounts(report);
    const resold = tickets.filter((t) => freed.has(t.id) && t.status === 'SOLD');
    expect(resold.length).toBeGreaterThan(0);
    expect(tickets.every((t) => t.status === 'SOLD')).toBe(true);
  });

  it('tells users who arrive after the sell-out at once, without a hold attempt each', async () => {
    h = simHarness(4);
    const report = await runSimulation(h.bo, { users: 50_000, seats: 100, concurrency: 8, abandonRate: 0, declineRate: 0, storeClock: h.store });
    expect(report.ok).toBe(true);
    expect(report.soldOut).toBe(true);
    expect(report.users.soldOut).toBeGreaterThan(49_000);
    expect(report.users.started).toBeLessThan(200);
    expect(report.latency.hold!.count).toBeLessThan(400);
  });

  it('is deterministic for a seed (one user in flight, seeded shuffle)', async () => {
    const run = async () => {
      h = simHarness(9);
      const r = await runSimulation(h.bo, { users: 120, seats: 100, concurrency: 1, declineRate: 0.3, abandonRate: 0.1, seed: 'fixed', storeClock: h.store });
      const tickets = await h.bo.getTickets(r.eventId);
      await h.bo.close();
      return { users: r.users, errors: r.errors, sold: tickets.map((t) => `${t.section}:${t.row}:${t.seat}:${t.status}`).join(',') };
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
  });

  it('sells only in the named section', async () => {
    h = simHarness(5);
    const report = await runSimulation(h.bo, { users: 400, seats: 1200, section: 'S002', concurrency: 8, abandonRate: 0, storeClock: h.store });
    expect(report.ok).toBe(true);
    expect(report.seats.total).toBe(500);
    expect(report.soldOut).toBe(true);
    const tickets = await h.bo.getTickets(report.eventId);
    expect(tickets.filter((t) => t.status === 'SOLD').every((t) => t.section === 'S002')).toBe(true);
    expect(tickets.filter((t) => t.section === 'S002' && t.status !== 'SOLD')).toHaveLength(0);
  });

  it('spreads arrivals over time at the arrival rate (time-scaled)', async () => {
    h = simHarness(6);
    const report = await runSimulation(h.bo, { users: 40, seats: 200, arrivalRate: 100, timeScale: 0.5, concurrency: 4, abandonRate: 0, storeClock: h.store });
    expect(report.ok).toBe(true);
    expect(report.users.arrived).toBe(40);
    // 40 users at 100/s of simulated time, at half speed: the last arrives ~0.2 s in.
    expect(report.runMs).toBeGreaterThanOrEqual(180);
    expect(report.users.booked).toBeGreaterThan(30);
  });

  it('stops early on its signal and still audits what was done', async () => {
    h = simHarness(7);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const report = await runSimulation(h.bo, { users: 100_000, seats: 2000, arrivalRate: 1000, concurrency: 4, storeClock: h.store, signal: controller.signal });
    expect(report.aborted).toBe(true);
    expect(report.ok).toBe(true);
    expect(report.users.notStarted).toBeGreaterThan(0);
  });
});

describe('runSimulation refuses an event that is not on sale', () => {
  it('a cancelled event or one whose sale has not opened: one error, not a failed hold per user', async () => {
    h = simHarness();
    const first = await runSimulation(h.bo, { users: 1, seats: 10, storeClock: h.store });
    await h.bo.updateEvent(first.eventId, { status: 'CANCELLED' });
    await expect(runSimulation(h.bo, { users: 1_000_000, eventId: first.eventId })).rejects.toMatchObject({ code: 'EVENT_NOT_ON_SALE' });
  });
});

describe('runSimulation against any BoxOffice (only the interface)', () => {
  it('drives a decorated BoxOffice (best-available from a free list) to a clean sell-out', async () => {
    const { withFreeListBest } = await import('./free-list-best.js');
    h = simHarness(8);
    const report = await runSimulation(withFreeListBest(h.bo), { users: 20_000, seats: 2_000, abandonRate: 0.05, storeClock: h.store });
    expect(report.ok).toBe(true);
    expect(report.soldOut).toBe(true);
    expect(report.seats.soldByRun).toBe(2_000);
    expect(report.users.noSeats).toBe(0);
  });
});
