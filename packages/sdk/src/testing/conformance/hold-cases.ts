import { describe, expect, it } from 'vitest';
import { createHallEvent, seatsOf } from '../fixtures.js';
import { codeOf, useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

export function holdCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('holds', () => {
    const c = useCaseContext(factory, through);

    it('holds named seats until the store clock passes the event TTL', async () => {
      const { event } = await createHallEvent(c.bo, { holdTtlSeconds: 120 });
      const [s1, s2] = await seatsOf(c.bo, event.id, 'A', 'A');
      const before = await c.store.now();
      const hold = await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [s1!, s2!] });
      expect(hold.status).toBe('ACTIVE');
      expect(hold.ticketIds).toEqual([s1, s2]);
      expect(hold.total).toBe(24_000);
      const expires = Date.parse(hold.expiresAt);
      expect(expires - before).toBeGreaterThanOrEqual(119_000);
      expect(expires - before).toBeLessThanOrEqual(125_000);
      const tickets = await c.bo.getTickets(event.id);
      expect(tickets.find((t) => t.id === s1)?.status).toBe('RESERVED');
      expect(c.events.at(-1)).toMatchObject({ type: 'tickets.changed', eventId: event.id, reason: 'hold' });

      await c.store.advanceClock(121_000);
      expect((await c.bo.getHold(hold.id, 'alice')).status).toBe('EXPIRED');
      expect((await c.bo.getTickets(event.id)).find((t) => t.id === s1)?.status).toBe('AVAILABLE');
      // Unusable at once, before any sweep: another buyer takes the seats.
      const bob = await c.bo.hold({ eventId: event.id, userId: 'bob', ticketIds: [s2!] });
      expect(bob.status).toBe('ACTIVE');
      expect(await codeOf(() => c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } }))).toMatchObject({ code: 'HOLD_EXPIRED' });
      expect(c.gateway.ledger().filter((e) => e.status === 'captured')).toHaveLength(0);
    });

    it('is all-or-nothing over its seats', async () => {
      const { event } = await createHallEvent(c.bo);
      const [s1, s2, s3] = await seatsOf(c.bo, event.id, 'B', 'A');
      await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [s1!, s2!] });
      const err = await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'bob', ticketIds: [s3!, s2!] }));
      expect(err).toEqual({ code: 'SEAT_UNAVAILABLE', field: 'ticketIds' });
      const s3Status = (await c.bo.getTickets(event.id)).find((t) => t.id === s3)?.status;
      expect(s3Status).toBe('AVAILABLE');
    });

    it('releases a hold and puts its seats back on sale', async () => {
      const { event } = await createHallEvent(c.bo);
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'B');
      const hold = await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: [s1!] });
      expect(await codeOf(() => c.bo.releaseHold({ holdId: hold.id, userId: 'mallory' }))).toEqual({ code: 'NOT_FOUND', field: 'holdId' });
      const released = await c.bo.releaseHold({ holdId: hold.id, userId: 'alice' });
      expect(released.status).toBe('RELEASED');
      expect((await c.bo.getTickets(event.id)).find((t) => t.id === s1)?.status).toBe('AVAILABLE');
      expect(c.events.at(-1)).toMatchObject({ reason: 'release', changes: [{ ticketId: s1, status: 'AVAILABLE' }] });
      expect(await codeOf(() => c.bo.confirm({ holdId: hold.id, userId: 'alice', paymentDetails: { token: 'tok_visa' } }))).toMatchObject({ code: 'HOLD_NOT_ACTIVE' });
    });

    it('caps the tickets one user holds or owns per event', async () => {
      const { event } = await createHallEvent(c.bo, { maxTicketsPerUser: 4 });
      const row = await seatsOf(c.bo, event.id, 'B', 'C');
      await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: row.slice(0, 3) });
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: row.slice(3, 5) }))).toMatchObject({ code: 'LIMIT_EXCEEDED' });
      await c.bo.hold({ eventId: event.id, userId: 'alice', ticketIds: row.slice(3, 4) });
      await c.bo.hold({ eventId: event.id, userId: 'bob', ticketIds: row.slice(4, 8) });
    });

    it('sweeps expired holds once, in batches, announcing the freed seats', async () => {
      const { event } = await createHallEvent(c.bo, { holdTtlSeconds: 60 });
      const row = await seatsOf(c.bo, event.id, 'B', 'B');
      const h1 = await c.bo.hold({ eventId: event.id, userId: 'u1', ticketIds: row.slice(0, 2) });
      await c.bo.hold({ eventId: event.id, userId: 'u2', ticketIds: row.slice(2, 4) });
      await c.store.advanceClock(30_000);
      const h3 = await c.bo.hold({ eventId: event.id, userId: 'u3', ticketIds: row.slice(4, 6) });
      await c.store.advanceClock(31_000);
      const first = await c.bo.sweep();
      expect(first).toEqual({ holdsExpired: 2, ticketsFreed: 4 });
      expect(await c.bo.sweep()).toEqual({ holdsExpired: 0, ticketsFreed: 0 });
      expect((await c.bo.getHold(h1.id)).status).toBe('EXPIRED');
      expect((await c.bo.getHold(h3.id)).status).toBe('ACTIVE');
      expect(c.events.filter((e) => e.reason === 'expire').flatMap((e) => e.changes).length).toBe(4);
    });

    it('does not free seats an expired hold lost to a newer hold', async () => {
      const { event } = await createHallEvent(c.bo, { holdTtlSeconds: 60 });
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      await c.bo.hold({ eventId: event.id, userId: 'u1', ticketIds: [s1!] });
      await c.store.advanceClock(61_000);
      const h2 = await c.bo.hold({ eventId: event.id, userId: 'u2', ticketIds: [s1!] });
      const swept = await c.bo.sweep();
      expect(swept).toEqual({ holdsExpired: 1, ticketsFreed: 0 });
      const t = (await c.bo.getTickets(event.id)).find((x) => x.id === s1);
      expect(t).toMatchObject({ status: 'RESERVED', holdId: h2.id });
    });

    it('picks the best adjacent block, honouring section and price ceiling', async () => {
      const { event } = await createHallEvent(c.bo);
      const best = await c.bo.hold({ eventId: event.id, userId: 'alice', best: { quantity: 2 } });
      const tickets = await c.bo.getTickets(event.id);
      const held = tickets.filter((t) => best.ticketIds.includes(t.id));
      expect(held).toHaveLength(2);
      expect(held.every((t) => t.section === 'A' && t.row === 'A')).toBe(true);
      expect(Math.abs(held[0]!.seat! - held[1]!.seat!)).toBe(1);

      const cheap = await c.bo.hold({ eventId: event.id, userId: 'bob', best: { quantity: 3, maxPrice: 7_000 } });
      const cheapSeats = (await c.bo.getTickets(event.id)).filter((t) => cheap.ticketIds.includes(t.id));
      expect(cheapSeats.every((t) => t.price <= 7_000 && t.section === 'B')).toBe(true);
      const seatNumbers = cheapSeats.map((t) => t.seat!).sort((a, b) => a - b);
      expect(seatNumbers[2]! - seatNumbers[0]!).toBe(2);

      const ga = await c.bo.hold({ eventId: event.id, userId: 'carol', best: { quantity: 4, section: 'FLOOR' } });
      expect(ga.total).toBe(16_000);
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'dan', best: { quantity: 7, section: 'A' } }))).toMatchObject({ code: 'SEAT_UNAVAILABLE' });
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'dan', best: { quantity: 2, section: 'Z' } }))).toEqual({ code: 'VALIDATION', field: 'best.section' });
    });

    it('never gives one seat to two concurrent holds', async () => {
      const { event } = await createHallEvent(c.bo, { maxTicketsPerUser: null });
      const row = await seatsOf(c.bo, event.id, 'B', 'A');
      // 24 buyers, each wanting two neighbouring seats of one 8-seat row: overlapping requests.
      const attempts = Array.from({ length: 24 }, (_, i) => {
        const k = i % 7;
        return c.bo.hold({ eventId: event.id, userId: `buyer${i}`, ticketIds: [row[k]!, row[k + 1]!] }).then(
          (h) => h,
          (e: { code?: string }) => {
            if (e.code !== 'SEAT_UNAVAILABLE') throw e;
            return null;
          },
        );
      });
      const holds = (await Promise.all(attempts)).filter((h) => h !== null);
      const taken = holds.flatMap((h) => h!.ticketIds);
      expect(new Set(taken).size).toBe(taken.length);
      expect(holds.length).toBeGreaterThanOrEqual(1);
      const reserved = (await c.bo.getTickets(event.id)).filter((t) => t.status === 'RESERVED');
      expect(reserved.map((t) => t.id).sort()).toEqual([...taken].sort());
    });

    it('refuses bad hold input naming the field, and holds nothing', async () => {
      const { event } = await createHallEvent(c.bo);
      const other = await createHallEvent(c.bo);
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      const [foreign] = await seatsOf(c.bo, other.event.id, 'A', 'A');
      const cases: Array<[unknown, { code: string; field: string | undefined }]> = [
        [{ eventId: event.id, userId: 'u', ticketIds: [] }, { code: 'VALIDATION', field: 'ticketIds' }],
        [{ eventId: event.id, userId: 'u', ticketIds: [s1, s1] }, { code: 'VALIDATION', field: 'ticketIds.1' }],
        [{ eventId: event.id, userId: 'u', ticketIds: [s1, foreign] }, { code: 'NOT_FOUND', field: 'ticketIds' }],
        [{ eventId: event.id, userId: 'u', ticketIds: ['tkt_nope'] }, { code: 'NOT_FOUND', field: 'ticketIds' }],
        [{ eventId: event.id, userId: 'u', ticketIds: ['seat-1'] }, { code: 'VALIDATION', field: 'ticketIds.0' }],
        [{ eventId: 'evt_missing', userId: 'u', ticketIds: [s1] }, { code: 'NOT_FOUND', field: 'eventId' }],
        [{ eventId: event.id, userId: '', ticketIds: [s1] }, { code: 'VALIDATION', field: 'userId' }],
        [{ eventId: event.id, userId: 'u' }, { code: 'VALIDATION', field: 'ticketIds' }],
        [{ eventId: event.id, userId: 'u', best: { quantity: 0 } }, { code: 'VALIDATION', field: 'best.quantity' }],
        [{ eventId: event.id, userId: 'u', ticketIds: [s1], extra: 1 }, { code: 'VALIDATION', field: 'input' }],
      ];
      for (const [input, expected] of cases) {
        expect(await codeOf(() => c.bo.hold(input as never)), JSON.stringify(input)).toEqual(expected);
      }
      const tickets = await c.bo.getTickets(event.id);
      expect(tickets.every((t) => t.status === 'AVAILABLE')).toBe(true);
    });

    it('refuses holds before the on-sale time and on cancelled events', async () => {
      const { event } = await createHallEvent(c.bo, { onSaleAt: new Date(Date.now() + 86_400_000).toISOString() });
      const [s1] = await seatsOf(c.bo, event.id, 'A', 'A');
      expect(await codeOf(() => c.bo.hold({ eventId: event.id, userId: 'u', ticketIds: [s1!] }))).toEqual({ code: 'EVENT_NOT_ON_SALE', field: 'eventId' });
      const live = await createHallEvent(c.bo);
      await c.bo.updateEvent(live.event.id, { status: 'CANCELLED' });
      expect(await codeOf(() => c.bo.hold({ eventId: live.event.id, userId: 'u', best: { quantity: 1 } }))).toEqual({ code: 'EVENT_NOT_ON_SALE', field: 'eventId' });
    });
  });
}
