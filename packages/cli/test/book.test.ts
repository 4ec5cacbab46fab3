import { isBoxOfficeError, type Ticket } from '@boxoffice/sdk';
import { createHallEvent, seatsOf } from '@boxoffice/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { book } from '../src/commands/book/book.js';
import { reportError, UsageError } from '../src/errors.js';
import type { BookingJson } from '../src/output/records.js';
import { fakeIo, memoryHarness, type MemoryHarness } from './helpers.js';

let h: MemoryHarness;
afterEach(async () => {
  await h.bo.close();
});

async function statuses(eventId: string, ids: readonly string[]): Promise<Ticket['status'][]> {
  const tickets = await h.bo.getTickets(eventId);
  return ids.map((id) => tickets.find((t) => t.id === id)?.status ?? 'AVAILABLE');
}

describe('book', () => {
  it('--best holds the best block, pays and prints the confirmed booking as JSON', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    expect(await book(h.ctx, { eventId: event.id, best: 2, section: 'B', userId: 'ana', token: 'tok_visa', json: true })).toBe(0);
    const booking = JSON.parse(h.io.out()) as BookingJson;
    expect(booking.status).toBe('CONFIRMED');
    expect(booking.userId).toBe('ana');
    expect(booking.total).toBe(2 * 6_500);
    expect(booking.seats.map((s) => s.section)).toEqual(['B', 'B']);
    expect(booking.seats.map((s) => s.label)).toEqual(booking.seats.map((s) => `B:${s.row}:${s.seat}`));
    expect(await statuses(event.id, booking.ticketIds)).toEqual(['SOLD', 'SOLD']);
    expect(h.gateway.ledger().filter((e) => e.status === 'captured')).toHaveLength(1);
    expect(h.opens).toEqual([{ payments: true }]);
  });

  it('--seats takes SECTION:ROW:SEAT labels and ticket ids; prints the booking for people', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const rowA = await seatsOf(h.bo, event.id, 'A', 'B');
    await book(h.ctx, { eventId: event.id, seats: ['A:B:3', rowA[3]!], userId: 'ben', token: 'tok_visa' });
    expect(h.io.out()).toContain('Status\tCONFIRMED');
    expect(h.io.out()).toContain('Seats\tA:B:3, A:B:4');
    expect(h.io.out()).toContain('Total\tEUR 240.00');
    expect(h.io.err()).toMatch(/Holding 2 seats \(EUR 240\.00\) until .* UTC; paying with tok_visa/);
    expect(await statuses(event.id, [rowA[2]!, rowA[3]!])).toEqual(['SOLD', 'SOLD']);
  });

  it('a taken seat is a conflict (exit 3) and sells nothing', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    await book(h.ctx, { eventId: event.id, seats: ['A:A:1'], userId: 'first', token: 'tok_visa' });
    const io = fakeIo();
    const error = await book({ ...h.ctx, io }, { eventId: event.id, seats: ['A:A:1', 'A:A:2'], userId: 'second', token: 'tok_visa' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(error, 'SEAT_UNAVAILABLE')).toBe(true);
    expect(reportError(io, error)).toBe(3);
    expect(io.err()).toMatch(/^boxoffice: 1 of the requested tickets are no longer available\n {2}taken: tkt_/);
    expect(await h.bo.listBookings({ userId: 'second' })).toEqual([]);
    expect(await statuses(event.id, await seatsOf(h.bo, event.id, 'A', 'A').then((ids) => ids.slice(1, 2)))).toEqual(['AVAILABLE']);
  });

  it('a declined payment releases the seats and exits 1', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const error = await book(h.ctx, { eventId: event.id, seats: ['B:A:1', 'B:A:2'], userId: 'cy', token: 'tok_declined' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(error, 'PAYMENT_DECLINED')).toBe(true);
    expect(reportError(h.io, error)).toBe(1);
    expect(h.io.err()).toMatch(/boxoffice: the payment was declined \(card_declined\); nothing was sold and the seats were released\n$/);
    expect(await statuses(event.id, (await seatsOf(h.bo, event.id, 'B', 'A')).slice(0, 2))).toEqual(['AVAILABLE', 'AVAILABLE']);
  });

  it('a retry with the same --idempotency-key returns the first booking and charges once', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const args = { eventId: event.id, best: 3, userId: 'dee', token: 'tok_visa', idempotencyKey: 'order-42', json: true };
    await book(h.ctx, args);
    const io = fakeIo();
    await book({ ...h.ctx, io }, args);
    const first = JSON.parse(h.io.out()) as BookingJson;
    const second = JSON.parse(io.out()) as BookingJson;
    expect(second.id).toBe(first.id);
    expect(await h.bo.listBookings({ userId: 'dee' })).toHaveLength(1);
    expect(h.gateway.ledger()).toHaveLength(1);
  });

  it('--max-price keeps best-available under the ceiling', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    await book(h.ctx, { eventId: event.id, best: 2, maxPrice: 5_000, userId: 'eve', token: 'tok_visa', json: true });
    const booking = JSON.parse(h.io.out()) as BookingJson;
    expect(booking.seats.every((s) => s.price <= 5_000)).toBe(true);
    expect(booking.seats.map((s) => s.section)).toEqual(['FLOOR', 'FLOOR']);
  });

  it('says which flags are missing (exit 2); only a terminal on both stdin and stdout is asked instead', async () => {
    h = memoryHarness();
    const error = await book(h.ctx, { eventId: 'evt_x', best: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect(reportError(h.io, error)).toBe(2);
    expect(h.io.err()).toBe("boxoffice: missing --user <id>, --pay <tok_...> (or run it on a terminal to be asked)\nRun 'boxoffice book --help' for usage.\n");
    expect(h.opens).toEqual([]);

    // Output piped (stdout not a terminal): no prompts, the flags path.
    const piped = fakeIo({ stdinIsTTY: true, isTTY: false });
    const onPipe = await book({ ...h.ctx, io: piped }, {}).catch((e: unknown) => e);
    expect((onPipe as Error).message).toBe('missing --event <id>, --seats <ids> or --best <n>, --user <id>, --pay <tok_...> (or run it on a terminal to be asked)');
  });

  it('refuses clashing flags, unknown seats and card numbers before holding anything', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const base = { eventId: event.id, userId: 'fay', token: 'tok_visa' };
    await expect(book(h.ctx, { ...base, seats: ['A:A:1'], best: 2 })).rejects.toThrow('give --seats or --best, not both');
    await expect(book(h.ctx, { ...base, seats: ['A:A:1'], section: 'A' })).rejects.toThrow('--section and --max-price go with --best');
    await expect(book(h.ctx, { ...base, seats: ['A:Z:99'] })).rejects.toThrow('--seats: the event has no seat A:Z:99');
    await expect(book(h.ctx, { ...base, seats: ['front-row'] })).rejects.toThrow('--seats: front-row is neither a ticket id');
    const card = await book(h.ctx, { ...base, seats: ['A:A:1'], token: '4242424242424242' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(card, 'VALIDATION') && card.message).toMatch(/^--pay: must be a payment token like tok_visa/);
    expect((await h.bo.getTickets(event.id)).every((t) => t.status === 'AVAILABLE')).toBe(true);
  });
});

describe('book with --idempotency-key', () => {
  it('a lost payment answer keeps the hold; a retry with the same key reuses it, never holding twice', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const args = { eventId: event.id, seats: ['A:A:1', 'A:A:2'], userId: 'gil', idempotencyKey: 'retry-me', json: true };
    const error = await book(h.ctx, { ...args, token: 'tok_timeout' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(error, 'PAYMENT_UNCERTAIN')).toBe(true);
    expect(h.io.err()).toMatch(/Hold hld_\S+ is kept until .*: retry with the same --idempotency-key\./);
    const ids = (await seatsOf(h.bo, event.id, 'A', 'A')).slice(0, 2);
    expect(await statuses(event.id, ids)).toEqual(['RESERVED', 'RESERVED']);
    const io = fakeIo();
    const retry = await book({ ...h.ctx, io }, { ...args, token: 'tok_timeout' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(retry, 'PAYMENT_UNCERTAIN')).toBe(true);
    const reserved = (await h.bo.getTickets(event.id)).filter((t) => t.status === 'RESERVED');
    expect(reserved.map((t) => t.id).sort()).toEqual([...ids].sort());
    expect(new Set(reserved.map((t) => t.holdId)).size).toBe(1);
    expect(await h.bo.listBookings({ userId: 'gil' })).toEqual([]);
  });

  it('a declined payment is final for its key: the seats are released and a retry replays the decline', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const args = { eventId: event.id, seats: ['B:C:1'], userId: 'hal', token: 'tok_declined', idempotencyKey: 'once' };
    await expect(book(h.ctx, args)).rejects.toMatchObject({ code: 'PAYMENT_DECLINED' });
    const ids = (await seatsOf(h.bo, event.id, 'B', 'C')).slice(0, 1);
    expect(await statuses(event.id, ids)).toEqual(['AVAILABLE']);
    await expect(book(h.ctx, args)).rejects.toMatchObject({ code: 'PAYMENT_DECLINED' });
    expect(await h.bo.listBookings({ userId: 'hal' })).toEqual([]);
  });
});
