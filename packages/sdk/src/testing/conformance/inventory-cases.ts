import { describe, expect, it } from 'vitest';
import { BLOCK_HOLDER, isBlocked } from '../../domain/inventory.js';
import type { Ticket } from '../../domain/types.js';
import { createHallEvent, HALL_PRICES, seatsOf } from '../fixtures.js';
import { codeOf, useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

const YEAR_MS = 365 * 86_400_000;

export function inventoryCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('inventory', () => {
    const c = useCaseContext(factory, through);
    const ticket = async (eventId: string, id: string): Promise<Ticket> => (await c.bo.getTickets(eventId)).find((t) => t.id === id)!;

    it('blocks available seats until released: buyers, best-available and the sweeper cannot take them', async () => {
      const { event } = await createHallEvent(c.bo);
      const row = await seatsOf(c.bo, event.id, 'A', 'A');
      const held = await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [row[0]!] });
      const sold = await c.bo.hold({ eventId: event.id, userId: 'bob', ticketIds: [row[1]!] });
      await c.bo.confirm({ holdId: sold.id, userId: 'bob', paymentDetails: { token: 'tok_visa' } });

      const result = await c.bo.blockTickets({ eventId: event.id, ticketIds: row });
      expect(result.changed).toEqual([...row.slice(2)].sort());
      expect(result.skipped).toEqual(
        [
          { ticketId: row[0]!, status: 'RESERVED' },
          { ticketId: row[1]!, status: 'SOLD' },
        ].sort((a, b) => a.ticketId.localeCompare(b.ticketId)),
      );
      expect(result.blockId).toMatch(/^hld_/);
      expect(c.events.at(-1)).toMatchObject({ type: 'tickets.changed', reason: 'block', eventId: event.id });
      const blocked = await ticket(event.id, row[2]!);
      expect(blocked.status).toBe('RESERVED');
      expect(isBlocked(blocked)).toBe(true);
      expect(isBlocked(await ticket(event.id, row[0]!))).toBe(false);
      // Held and sold seats were left to their owners.
      expect((await c.bo.getHold(held.id, 'alice')).ticketIds).toEqual([row[0]]);

      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'carol', ticketIds: [row[3]!] }))).toEqual({ code: 'SEAT_UNAVAILABLE', field: 'ticketIds' });
      // Row B of section A is all that is left there.
      const best = await c.bo.hold({ eventId: event.id, userId: 'carol', best: { quantity: 6, section: 'A' } });
      expect((await Promise.all(best.ticketIds.map((id) => ticket(event.id, id)))).every((t) => t.row === 'B')).toBe(true);

      // A block outlives any hold TTL and any sweep.
      await c.store.advanceClock(YEAR_MS);
      await c.bo.sweep();
      expect(isBlocked(await ticket(event.id, row[2]!))).toBe(true);
      const audit = await c.bo.audit(event.id);
      expect(audit.ok).toBe(true);
    });

    it('releases blocked seats, some or all; a block with no seat left is RELEASED', async () => {
      const { event } = await createHallEvent(c.bo);
      const row = await seatsOf(c.bo, event.id, 'B', 'C');
      const block = await c.bo.blockTickets({ eventId: event.id, section: 'B', rows: ['C'] });
      expect(block.changed).toHaveLength(8);
      const buyer = await c.bo.hold({ eventId: event.id, userId: 'dave', ticketIds: (await seatsOf(c.bo, event.id, 'B', 'A')).slice(0, 1) });

      const some = await c.bo.unblockTickets({ eventId: event.id, ticketIds: [row[0]!, row[1]!, buyer.ticketIds[0]!] });
      expect(some.changed).toEqual([row[0]!, row[1]!].sort());
      expect(some.skipped).toEqual([{ ticketId: buyer.ticketIds[0]!, status: 'RESERVED' }]);
      expect(c.events.at(-1)).toMatchObject({ reason: 'unblock', changes: expect.arrayContaining([{ ticketId: row[0], status: 'AVAILABLE' }]) });
      expect((await ticket(event.id, row[0]!)).status).toBe('AVAILABLE');
      await c.bo.hold({ eventId: event.id, userId: 'erin', ticketIds: [row[0]!] });
      expect(isBlocked(await ticket(event.id, row[2]!))).toBe(true);

      const blockHold = await c.bo.getHold(block.blockId!);
      expect(blockHold).toMatchObject({ userId: BLOCK_HOLDER, status: 'ACTIVE' });
      expect(blockHold.ticketIds).toHaveLength(6);
      expect(blockHold.total).toBe(6 * HALL_PRICES.standard);
      const rest = await c.bo.unblockTickets({ eventId: event.id, section: 'B', rows: ['C'] });
      expect(rest.changed).toHaveLength(6);
      expect(rest.skipped.map((s) => s.status).sort()).toEqual(['AVAILABLE', 'RESERVED']);
      expect((await c.bo.getHold(block.blockId!)).status).toBe('RELEASED');
      // Nothing blocked is left: a second release changes nothing and announces nothing.
      const before = c.events.length;
      expect((await c.bo.unblockTickets({ eventId: event.id, section: 'B' })).changed).toEqual([]);
      expect(c.events).toHaveLength(before);
    });

    it('reports a blocked seat as BLOCKED to a second block, and blocks a whole tier', async () => {
      const { event } = await createHallEvent(c.bo);
      const floor = await seatsOf(c.bo, event.id, 'FLOOR', null);
      await c.bo.blockTickets({ eventId: event.id, ticketIds: floor.slice(0, 5) });
      const tier = await c.bo.blockTickets({ eventId: event.id, tier: 'floor' });
      expect(tier.changed).toHaveLength(15);
      expect(tier.skipped).toHaveLength(5);
      expect(tier.skipped.every((s) => s.status === 'BLOCKED')).toBe(true);
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'fay', best: { quantity: 1, section: 'FLOOR' } }))).toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    });

    it('reprices unsold seats: sold seats and existing holds keep their price, best-available sees the new one', async () => {
      const { event } = await createHallEvent(c.bo);
      const row = await seatsOf(c.bo, event.id, 'A', 'A');
      const sold = await c.bo.hold({ eventId: event.id, userId: 'gus', ticketIds: [row[0]!] });
      await c.bo.confirm({ holdId: sold.id, userId: 'gus', paymentDetails: { token: 'tok_visa' } });
      const held = await c.bo.hold({ eventId: event.id, userId: 'hal', ticketIds: [row[1]!] });
      // Best-available has read (and cached) the layout at the old prices.
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'ivy', best: { quantity: 2, section: 'A', maxPrice: 9_000 } }))).toMatchObject({ code: 'SEAT_UNAVAILABLE' });

      const result = await c.bo.repriceTickets({ eventId: event.id, tier: 'premium', price: 8_000 });
      expect(result.price).toBe(8_000);
      expect(result.changed).toHaveLength(11);
      expect(result.skipped).toEqual([{ ticketId: row[0]!, status: 'SOLD' }]);
      expect(c.events.at(-1)).toMatchObject({ reason: 'reprice', changes: [] });
      expect((await ticket(event.id, row[0]!)).price).toBe(HALL_PRICES.premium);
      expect((await ticket(event.id, row[2]!)).price).toBe(8_000);
      expect((await c.bo.getEvent(event.id)).prices).toMatchObject({ premium: 8_000, standard: HALL_PRICES.standard });

      const cheap = await c.bo.hold({ eventId: event.id, userId: 'ivy', best: { quantity: 2, section: 'A', maxPrice: 9_000 } });
      expect(cheap.total).toBe(16_000);
      const booking = await c.bo.confirm({ holdId: held.id, userId: 'hal', paymentDetails: { token: 'tok_visa' } });
      expect(booking.total).toBe(HALL_PRICES.premium);
      expect((await c.bo.audit(event.id)).ok).toBe(true);

      const named = await c.bo.repriceTickets({ eventId: event.id, ticketIds: [row[5]!], price: 7_500 });
      expect(named.changed).toEqual([row[5]]);
      expect((await c.bo.getEvent(event.id)).prices.premium).toBe(8_000);
    });

    it('names the field at fault and writes nothing for a bad selection', async () => {
      const { event } = await createHallEvent(c.bo);
      const { event: other } = await createHallEvent(c.bo);
      const [mine] = await seatsOf(c.bo, event.id, 'A', 'A');
      const [theirs] = await seatsOf(c.bo, other.id, 'A', 'A');
      const e = event.id;
      expect(await codeOf(() => c.bo.blockTickets({ eventId: e }))).toEqual({ code: 'VALIDATION', field: 'ticketIds' });
      expect(await codeOf(() => c.bo.blockTickets({ eventId: e, section: 'A', tier: 'premium' }))).toEqual({ code: 'VALIDATION', field: 'ticketIds' });
      expect(await codeOf(() => c.bo.blockTickets({ eventId: e, rows: ['A'], ticketIds: [mine!] }))).toEqual({ code: 'VALIDATION', field: 'rows' });
      expect(await codeOf(() => c.bo.blockTickets({ eventId: e, section: 'Z' }))).toEqual({ code: 'VALIDATION', field: 'section' });
      expect(await codeOf(() => c.bo.blockTickets({ eventId: e, section: 'A', rows: ['Q'] }))).toEqual({ code: 'VALIDATION', field: 'rows' });
      expect(await codeOf(() => c.bo.unblockTickets({ eventId: e, tier: 'gold' }))).toEqual({ code: 'VALIDATION', field: 'tier' });
      expect(await codeOf(() => c.bo.repriceTickets({ eventId: e, section: 'A', price: -1 }))).toEqual({ code: 'VALIDATION', field: 'price' });
      expect(await codeOf(() => c.bo.repriceTickets({ eventId: e, section: 'A', price: 10.5 }))).toEqual({ code: 'VALIDATION', field: 'price' });
      expect(await codeOf(() => c.bo.blockTickets({ eventId: 'evt_missing', section: 'A' }))).toEqual({ code: 'NOT_FOUND', field: 'eventId' });
      expect(await codeOf(() => c.bo.blockTickets({ eventId: e, ticketIds: [mine!, theirs!] }))).toEqual({ code: 'NOT_FOUND', field: 'ticketIds' });
      expect(await codeOf(() => c.bo.repriceTickets({ eventId: e, ticketIds: [mine!, theirs!], price: 1 }))).toEqual({ code: 'NOT_FOUND', field: 'ticketIds' });
      const untouched = await ticket(e, mine!);
      expect(untouched).toMatchObject({ status: 'AVAILABLE', price: HALL_PRICES.premium });
    });

    it('answers a retried command with its first result (idempotency key)', async () => {
      const { event } = await createHallEvent(c.bo);
      const row = await seatsOf(c.bo, event.id, 'B', 'A');
      const first = await c.bo.blockTickets({ eventId: event.id, ticketIds: row.slice(0, 3), idempotencyKey: 'blk-1' });
      const again = await c.bo.blockTickets({ eventId: event.id, ticketIds: row.slice(0, 3), idempotencyKey: 'blk-1' });
      expect(again).toEqual(first);
      expect(await codeOf(() => c.bo.blockTickets({ eventId: event.id, ticketIds: row.slice(0, 4), idempotencyKey: 'blk-1' }))).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH' });
      expect(isBlocked(await ticket(event.id, row[3]!))).toBe(false);
    });

    it('races buyers fairly: each seat ends in the block or in exactly one hold', async () => {
      const { event } = await createHallEvent(c.bo, { maxTicketsPerUser: null });
      const seats = await seatsOf(c.bo, event.id, 'B', 'B');
      const buyers = seats.map((id, i) => c.bo.hold({ eventId: event.id, userId: `racer-${i}`, ticketIds: [id, seats[(i + 1) % seats.length]!] }).catch(() => null));
      const [block, ...holds] = await Promise.all([c.bo.blockTickets({ eventId: event.id, section: 'B', rows: ['B'] }), ...buyers]);
      const claims = new Map<string, string>();
      for (const id of block.changed) claims.set(id, 'block');
      for (const hold of holds) {
        for (const id of hold?.ticketIds ?? []) {
          expect(claims.has(id)).toBe(false);
          claims.set(id, hold!.id);
        }
      }
      const tickets = (await c.bo.getTickets(event.id)).filter((t) => seats.includes(t.id));
      for (const t of tickets) {
        const claim = claims.get(t.id);
        if (claim === undefined) expect(t.status).toBe('AVAILABLE');
        else if (claim === 'block') expect(isBlocked(t)).toBe(true);
        else expect(t.holdId).toBe(claim);
      }
      expect(block.changed.length + block.skipped.length).toBe(seats.length);
    });
  });
}
