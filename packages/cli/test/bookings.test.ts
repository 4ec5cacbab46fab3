import { isBoxOfficeError, type AuditReport, type Booking, type Page } from '@boxoffice/sdk';
import { createHallEvent } from '@boxoffice/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { book } from '../src/commands/book/book.js';
import { bookingsCancel } from '../src/commands/bookings/cancel.js';
import { bookingsList } from '../src/commands/bookings/list.js';
import { bookingsShow } from '../src/commands/bookings/show.js';
import { dbMigrate } from '../src/commands/db/migrate.js';
import { inventoryAudit } from '../src/commands/inventory/audit.js';
import { reportError } from '../src/errors.js';
import type { BookingJson } from '../src/output/records.js';
import { fakeIo, memoryHarness, type MemoryHarness } from './helpers.js';

let h: MemoryHarness;
afterEach(async () => {
  await h.bo.close();
});

/** Books `best` seats for `userId` through the command and returns the booking. */
async function booked(eventId: string, userId: string, best: number): Promise<BookingJson> {
  const io = fakeIo();
  await book({ ...h.ctx, io }, { eventId, userId, best, token: 'tok_visa', json: true });
  return JSON.parse(io.out()) as BookingJson;
}

describe('bookings', () => {
  it('list filters by user and by event', async () => {
    h = memoryHarness();
    const { event: e1 } = await createHallEvent(h.bo);
    const { event: e2 } = await createHallEvent(h.bo, { title: 'Other' });
    const a1 = await booked(e1.id, 'ana', 2);
    const a2 = await booked(e2.id, 'ana', 1);
    const b1 = await booked(e1.id, 'ben', 3);

    await bookingsList(h.ctx, { userId: 'ana', json: true });
    expect((JSON.parse(h.io.out()) as Page<Booking>).items.map((b) => b.id).sort()).toEqual([a1.id, a2.id].sort());
    const byEvent = fakeIo();
    await bookingsList({ ...h.ctx, io: byEvent }, { eventId: e1.id, json: true });
    expect((JSON.parse(byEvent.out()) as Page<Booking>).items.map((b) => b.id).sort()).toEqual([a1.id, b1.id].sort());
    const both = fakeIo();
    await bookingsList({ ...h.ctx, io: both }, { eventId: e1.id, userId: 'ben' });
    // Filtered by both: the event and user columns would repeat the filter, so they are left out.
    expect(both.out().trim().split('\n').map((l) => l.split('\t').slice(0, 4))).toEqual([[b1.id, 'CONFIRMED', '3', `EUR ${(b1.total / 100).toFixed(2)}`]]);
    const all = fakeIo();
    await bookingsList({ ...h.ctx, io: all }, {});
    expect(all.out().trim().split('\n').map((l) => l.split('\t').length)).toEqual([7, 7, 7]);
    expect(all.err()).toBe('page 1 of 1, 3 bookings\n');
  });

  it('list pages: --json is the page (items, total, page, pageSize, hasMore); people read where they are on stderr', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    for (const user of ['ana', 'ben', 'cy']) await booked(event.id, user, 1);
    await bookingsList(h.ctx, { page: 1, pageSize: 2, json: true });
    expect(JSON.parse(h.io.out())).toMatchObject({ total: 3, page: 1, pageSize: 2, hasMore: true, items: [{}, {}] });
    const human = fakeIo();
    await bookingsList({ ...h.ctx, io: human }, { page: 1, pageSize: 2 });
    expect(human.out().trim().split('\n')).toHaveLength(2);
    expect(human.err()).toBe('page 1 of 2, 3 bookings (--page 2 for the next)\n');
    const past = fakeIo();
    await bookingsList({ ...h.ctx, io: past }, { page: 3, pageSize: 2 });
    expect(past.out()).toBe('');
    expect(past.err()).toBe('No bookings on this page (3 in all).\n');
  });

  it('cancel after the refund deadline is refused (exit 3) unless --as-operator', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo, { refundDeadlineAt: new Date(Date.now() - 60_000).toISOString() });
    const mine = await booked(event.id, 'ana', 1);
    const error = await bookingsCancel(h.ctx, { bookingId: mine.id, userId: 'ana' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(error, 'REFUND_DEADLINE_PASSED')).toBe(true);
    expect((error as { exitCode: number }).exitCode).toBe(3);
    expect(await bookingsCancel({ ...h.ctx, io: fakeIo() }, { bookingId: mine.id, userId: 'ana', asOperator: true, json: true })).toBe(0);
    expect((await h.bo.getBooking(mine.id)).status).toBe('CANCELLED');
  });

  it('show prints one booking with its seats; another user cannot see it (exit 1)', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const mine = await booked(event.id, 'ana', 2);
    await bookingsShow(h.ctx, { bookingId: mine.id, json: true });
    const shown = JSON.parse(h.io.out()) as BookingJson;
    expect(shown).toEqual(mine);
    const human = fakeIo();
    await bookingsShow({ ...h.ctx, io: human }, { bookingId: mine.id, userId: 'ana' });
    expect(human.out()).toContain(`Seats\t${mine.seats.map((s) => s.label).join(', ')}`);
    const error = await bookingsShow(h.ctx, { bookingId: mine.id, userId: 'mallory' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(error, 'NOT_FOUND')).toBe(true);
    expect(reportError(human, error)).toBe(1);
  });

  it('cancel refunds, returns the seats to sale and keeps the audit clean', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const mine = await booked(event.id, 'ana', 2);
    expect(await bookingsCancel(h.ctx, { bookingId: mine.id, userId: 'ana', json: true })).toBe(0);
    const cancelled = JSON.parse(h.io.out()) as BookingJson;
    expect(cancelled.status).toBe('CANCELLED');
    expect(h.io.err()).toContain(`Cancelled ${mine.id}: 2 seats back on sale; refund of EUR`);
    const tickets = await h.bo.getTickets(event.id);
    expect(mine.ticketIds.map((id) => tickets.find((t) => t.id === id)?.status)).toEqual(['AVAILABLE', 'AVAILABLE']);
    expect(h.gateway.ledger().map((e) => e.status)).toEqual(['refunded']);
    expect((await h.bo.audit(event.id)).ok).toBe(true);
  });

  it("cancel of someone else's booking fails and changes nothing", async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const mine = await booked(event.id, 'ana', 1);
    const error = await bookingsCancel(h.ctx, { bookingId: mine.id, userId: 'mallory' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(error)).toBe(true);
    expect((await h.bo.getBooking(mine.id)).status).toBe('CONFIRMED');
  });
});

describe('inventory audit', () => {
  it('reports a clean event (exit 0) as JSON and for people', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    await booked(event.id, 'ana', 2);
    expect(await inventoryAudit(h.ctx, { eventId: event.id, json: true })).toBe(0);
    const report = JSON.parse(h.io.out()) as AuditReport & { scope: string };
    expect(report).toMatchObject({ scope: event.id, ok: true, ticketsChecked: 56, bookingsChecked: 1, oversoldTickets: [] });
    const human = fakeIo();
    expect(await inventoryAudit({ ...h.ctx, io: human }, {})).toBe(0);
    expect(human.out()).toContain('Scope\tthe whole store (memory)');
    expect(human.out()).toContain('tickets sold more than once\t0');
    expect(human.out()).toMatch(/Result\tok: no oversold seat/);
  });

  it('exits 1 when the audit finds a problem', async () => {
    h = memoryHarness();
    const broken: AuditReport = {
      ticketsChecked: 2, bookingsChecked: 1, paymentsChecked: 1, oversoldTickets: ['tkt_a'], soldWithoutBooking: [],
      bookingsMissingTickets: [], capturesWithoutBooking: [], bookingsWithoutPayment: [], ok: false,
    };
    const ctx = { ...h.ctx, open: async () => ({ ...h.bo, operations: { ...h.bo.operations, audit: async () => broken } }) };
    expect(await inventoryAudit(ctx, {})).toBe(1);
    expect(h.io.out()).toContain('tickets sold more than once\t1: tkt_a');
    expect(h.io.out()).toContain('Result\tFAILED');
  });

  it('an unknown event is NOT_FOUND rather than an empty "ok"', async () => {
    h = memoryHarness();
    await expect(inventoryAudit(h.ctx, { eventId: 'evt_nothing' })).rejects.toThrow('event evt_nothing not found');
  });
});

describe('db migrate', () => {
  it('reports the store it opened', async () => {
    h = memoryHarness();
    expect(await dbMigrate(h.ctx, { json: true })).toBe(0);
    expect(JSON.parse(h.io.out())).toEqual({ ok: true, store: 'memory', location: 'in-memory store (nothing is kept)', migrated: false });
  });
});
