import { createHallEvent, seatsOf } from '@boxoffice/sdk/testing';
import { isBoxOfficeError } from '@boxoffice/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { inventoryChange } from '../src/commands/inventory/change.js';
import { reportError } from '../src/errors.js';
import { fakeIo, memoryHarness, type MemoryHarness } from './helpers.js';

let h: MemoryHarness;
afterEach(async () => {
  await h.bo.close();
});

describe('inventory block|release|reprice', () => {
  it('prints what changed and what was left alone, with seats and prices', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const row = await seatsOf(h.bo, event.id, 'A', 'B');
    await h.bo.hold({ eventId: event.id, userId: 'ana', ticketIds: [row[0]!] });
    expect(await inventoryChange(h.ctx, 'block', { eventId: event.id, section: 'A', rows: ['B'] })).toBe(0);
    expect(h.io.err()).toContain('Blocked 5 seats of The Testers live (block hld_');
    expect(h.io.err()).toContain('Left alone: 1 RESERVED.');
    const lines = h.io.out().trim().split('\n').map((l) => l.split('\t'));
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => l[4] === 'block')).toHaveLength(5);
    expect(lines.find((l) => l[0] === row[0])).toEqual([row[0], 'A B1', 'premium', 'EUR 120.00', 'left RESERVED']);

    const reprice = fakeIo();
    await inventoryChange({ ...h.ctx, io: reprice }, 'reprice', { eventId: event.id, tier: 'floor', price: 3_250, json: true });
    const result = JSON.parse(reprice.out()) as { changed: string[]; price: number };
    expect(result.changed).toHaveLength(20);
    expect(result.price).toBe(3_250);
    expect((await h.bo.getEvent(event.id)).prices.floor).toBe(3_250);
  });

  it('names the flag at fault (exit 2) and changes nothing', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const cases: Array<[Parameters<typeof inventoryChange>[2], string]> = [
      [{ eventId: event.id }, '--tickets: give exactly one of --tickets, --section or --tier'],
      [{ eventId: event.id, section: 'A', tier: 'premium' }, '--tickets: give exactly one of --tickets, --section or --tier'],
      [{ eventId: event.id, section: 'NOPE' }, '--section: the venue has no section NOPE'],
      [{ eventId: event.id, rows: ['A'] }, '--rows: rows need --section'],
      [{ eventId: event.id, section: 'A', rows: ['Z'] }, '--rows: section A has no row Z'],
      [{ eventId: event.id, tier: 'gold' }, '--tier: event ' + event.id + ' has no tier gold (it has premium, standard, floor)'],
      [{ eventId: event.id, tickets: ['seat-1'] }, '--tickets: must be a ticket id (tkt_...)'],
    ];
    for (const [options, message] of cases) {
      const error = await inventoryChange(h.ctx, 'block', options).catch((e: unknown) => e);
      expect(isBoxOfficeError(error, 'VALIDATION')).toBe(true);
      const io = fakeIo();
      expect(reportError(io, error)).toBe(2);
      expect(io.err()).toBe(`boxoffice: ${message}\n`);
    }
    expect((await h.bo.getTickets(event.id)).every((t) => t.status === 'AVAILABLE')).toBe(true);
  });
});
