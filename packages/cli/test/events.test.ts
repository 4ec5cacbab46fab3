import { isBoxOfficeError, type EventView, type Page } from '@boxoffice/sdk';
import { createHallEvent, HALL_CAPACITY } from '@boxoffice/sdk/testing';
import { startServer } from '@boxoffice/server';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsList } from '../src/commands/events/list.js';
import { main } from '../src/index.js';
import { eventsShow } from '../src/commands/events/show.js';
import { reportError } from '../src/errors.js';
import { fakeIo, memoryHarness, type MemoryHarness } from './helpers.js';

let h: MemoryHarness;
afterEach(async () => {
  await h.bo.close();
});

describe('events list', () => {
  it('prints the events as JSON and as rows', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    await createHallEvent(h.bo, { title: 'Second show' });
    expect(await eventsList(h.ctx, { json: true })).toBe(0);
    const listed = JSON.parse(h.io.out()) as Page<{ id: string; title: string }>;
    expect(listed).toMatchObject({ total: 2, page: 1, pageSize: 20, hasMore: false });
    expect(listed.items.map((e) => e.title).sort()).toEqual(['Second show', 'The Testers live']);
    expect(listed.items.map((e) => e.id)).toContain(event.id);

    const human = memoryHarness();
    await createHallEvent(human.bo);
    expect(await eventsList(human.ctx, {})).toBe(0);
    const [row] = human.io.out().trim().split('\n');
    expect(row?.split('\t')).toEqual([expect.stringMatching(/^evt_/), 'The Testers live', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), 'SCHEDULED', 'EUR 40.00']);
    expect(human.io.err()).toBe('page 1 of 1, 1 event\n');
    await human.bo.close();
  });

  it('says on stderr, not stdout, that there is nothing yet', async () => {
    h = memoryHarness();
    expect(await eventsList(h.ctx, {})).toBe(0);
    expect(h.io.out()).toBe('');
    expect(h.io.err()).toContain('boxoffice demo');
  });

  it('leaves out events that have ended unless --include-past, and says so when that leaves none', async () => {
    h = memoryHarness();
    const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
    const { event: ended } = await createHallEvent(h.bo, { title: 'Last week', startsAt: at(-170), endsAt: at(-168), onSaleAt: at(-400) });
    expect(await eventsList(h.ctx, {})).toBe(0);
    expect(h.io.out()).toBe('');
    expect(h.io.err()).toContain('--include-past');
    const io = fakeIo();
    expect(await eventsList({ ...h.ctx, io }, { includePast: true, json: true })).toBe(0);
    expect((JSON.parse(io.out()) as Page<{ id: string }>).items.map((e) => e.id)).toEqual([ended.id]);
  });

  it('--include-past on the command line reaches a deployment (flag, remote client, route)', async () => {
    const server = await startServer({ store: 'memory', port: 0, secret: 'test-secret-0123456789abcdef', logger: false, shedding: { maxEventLoopLagMs: 0 }, sweepIntervalMs: 0, webhookIntervalMs: 0 });
    try {
      const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
      const { event: ended } = await createHallEvent(server.boxOffice, { startsAt: at(-50), endsAt: at(-48), onSaleAt: at(-100) });
      const { event: coming } = await createHallEvent(server.boxOffice);
      const list = async (...flags: string[]) => {
        const io = fakeIo();
        expect(await main(['events', 'list', '--url', server.url, '--json', ...flags], io)).toBe(0);
        return (JSON.parse(io.out()) as Page<{ id: string }>).items.map((e) => e.id).sort();
      };
      expect(await list()).toEqual([coming.id]);
      expect(await list('--include-past')).toEqual([ended.id, coming.id].sort());
    } finally {
      await server.close();
    }
  });

  it('pages', async () => {
    h = memoryHarness();
    for (let i = 0; i < 3; i++) await createHallEvent(h.bo, { title: `Show ${i}` });
    await eventsList(h.ctx, { json: true, page: 2, pageSize: 2 });
    expect(JSON.parse(h.io.out())).toMatchObject({ total: 3, page: 2, pageSize: 2, hasMore: false, items: [{ title: expect.stringMatching(/^Show /) }] });
    const first = fakeIo();
    await eventsList({ ...h.ctx, io: first }, { page: 1, pageSize: 2 });
    expect(first.out().trim().split('\n')).toHaveLength(2);
    expect(first.err()).toBe('page 1 of 2, 3 events (--page 2 for the next)\n');
    const past = fakeIo();
    await eventsList({ ...h.ctx, io: past }, { page: 5, pageSize: 2 });
    expect(past.out()).toBe('');
    expect(past.err()).toBe('No events on this page (3 in all).\n');
  });
});

describe('events show', () => {
  it('--json prints the seed contract view: event, venue, performers, tickets', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    expect(await eventsShow(h.ctx, { eventId: event.id, json: true })).toBe(0);
    const view = JSON.parse(h.io.out()) as EventView;
    expect(view.id).toBe(event.id);
    expect(view.venue.seatMap.sections.map((s) => s.id)).toEqual(['A', 'B', 'FLOOR']);
    expect(view.performers.map((p) => p.name)).toEqual(['The Testers']);
    expect(view.tickets).toHaveLength(HALL_CAPACITY);
    expect(new Set(view.tickets.map((t) => t.status))).toEqual(new Set(['AVAILABLE']));
  });

  it('--section narrows the JSON tickets and the map to one section', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    await eventsShow(h.ctx, { eventId: event.id, section: 'B', json: true });
    const view = JSON.parse(h.io.out()) as EventView;
    expect(view.tickets).toHaveLength(24);
    expect(view.tickets.every((t) => t.section === 'B')).toBe(true);

    const io = fakeIo();
    await eventsShow({ ...h.ctx, io }, { eventId: event.id, section: 'B' });
    expect(io.out()).toContain('Stalls B');
    expect(io.out()).not.toContain('Stalls A');
  });

  it('prints details and the seat map for people', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    await eventsShow(h.ctx, { eventId: event.id });
    const out = h.io.out();
    expect(out).toContain(`Event\t${event.id}`);
    expect(out).toContain('Performers\tThe Testers');
    expect(out).toContain(`Tickets\t${HALL_CAPACITY} available, 0 reserved, 0 sold (of ${HALL_CAPACITY})`);
    expect(out).toContain('STAGE');
    expect(out).toContain('  A ○ ○ ○ ○ ○ ○');
    expect(out).toContain('Legend:');
  });

  it('an unknown section is a usage error naming the flag and the sections (exit 2)', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const error = await eventsShow(h.ctx, { eventId: event.id, section: 'Z' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(error, 'VALIDATION')).toBe(true);
    expect(reportError(h.io, error)).toBe(2);
    expect(h.io.err()).toBe('boxoffice: --section: the venue has no section Z (it has A, B, FLOOR)\n');
    expect(h.io.out()).toBe('');
  });

  it('an unknown event is NOT_FOUND (exit 1) with the id in the message', async () => {
    h = memoryHarness();
    const error = await eventsShow(h.ctx, { eventId: 'evt_missing' }).catch((e: unknown) => e);
    expect(isBoxOfficeError(error, 'NOT_FOUND')).toBe(true);
    expect(reportError(h.io, error)).toBe(1);
    expect(h.io.err()).toBe('boxoffice: event evt_missing not found\n');
  });
});
