import { describe, expect, it } from 'vitest';
import type { BoxOffice } from '../../box-office.js';
import type { Event, Hold, Ticket } from '../../domain/types.js';
import { codeOf, useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

/** A plain hall of `rows` rows of `seatsPerRow`, one price, on sale now. */
async function createRowsEvent(bo: BoxOffice, rows: number, seatsPerRow: number): Promise<Event> {
  const venue = await bo.createVenue({
    name: 'Rows Hall',
    city: 'Lisbon',
    lat: 38.72,
    lon: -9.14,
    seatMap: {
      sections: [{ id: 'S', name: 'Stalls', tier: 'standard', rows: Array.from({ length: rows }, (_, r) => ({ label: `R${r + 1}`, seatCount: seatsPerRow })) }],
    },
  });
  return bo.createEvent({
    title: 'Best available for everyone',
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    onSaleAt: new Date(Date.now() - 60_000).toISOString(),
    venueId: venue.id,
    prices: { standard: 5_000 },
    holdTtlSeconds: 600,
    maxTicketsPerUser: null,
  });
}

/** Whether some row still has two adjacent available seats. */
function hasFreePair(tickets: readonly Ticket[]): boolean {
  const free = new Set(tickets.filter((t) => t.status === 'AVAILABLE').map((t) => `${t.row}:${t.seat}`));
  return tickets.some((t) => t.status === 'AVAILABLE' && free.has(`${t.row}:${(t.seat ?? 0) + 1}`));
}

function expectAdjacentAndDisjoint(holds: readonly Hold[], tickets: readonly Ticket[]): void {
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const seen = new Set<string>();
  for (const hold of holds) {
    const seats = hold.ticketIds.map((id) => byId.get(id)!);
    expect(seats.every((s) => s.status === 'RESERVED' && s.holdId === hold.id)).toBe(true);
    expect(new Set(seats.map((s) => s.row)).size).toBe(1);
    const numbers = seats.map((s) => s.seat!).sort((a, b) => a - b);
    expect(numbers.at(-1)! - numbers[0]!).toBe(seats.length - 1);
    for (const id of hold.ticketIds) {
      expect(seen.has(id)).toBe(false);
      seen.add(id);
    }
  }
}

/**
 * Best-available under concurrency: buyers asking at once share the event's free blocks and
 * none is refused while a block meeting their constraints is free.
 */
export function bestAvailableCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('best available, concurrently', () => {
    const c = useCaseContext(factory, through);

    it('gives every one of N concurrent buyers a block when at least N blocks are free', async () => {
      const event = await createRowsEvent(c.bo, 10, 20);
      const buyers = 60; // 120 of 200 seats
      const outcomes = await Promise.allSettled(
        Array.from({ length: buyers }, (_, i) => c.bo.hold({ eventId: event.id, userId: `buyer-${i}`, best: { quantity: 2 } })),
      );
      const refused = outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason as { code?: string; message?: string });
      expect(refused.map((e) => `${e.code}: ${e.message}`)).toEqual([]);
      const holds = outcomes.map((o) => (o as PromiseFulfilledResult<Hold>).value);
      expectAdjacentAndDisjoint(holds, await c.bo.getTickets(event.id));
    });

    it('refuses a buyer only once no block meeting their constraints is left', async () => {
      const event = await createRowsEvent(c.bo, 4, 10);
      const outcomes = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) => c.bo.hold({ eventId: event.id, userId: `buyer-${i}`, best: { quantity: 2 } })),
      );
      const holds = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      const tickets = await c.bo.getTickets(event.id);
      expectAdjacentAndDisjoint(holds, tickets);
      const refused = outcomes.length - holds.length;
      // 40 seats, 30 buyers of 2: some are refused, and then only because no pair is left.
      expect(refused).toBeGreaterThan(0);
      expect(hasFreePair(tickets)).toBe(false);
      for (const o of outcomes) if (o.status === 'rejected') expect(await codeOf(() => Promise.reject(o.reason))).toMatchObject({ code: 'SEAT_UNAVAILABLE' });
    });
  });
}
