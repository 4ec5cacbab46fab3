import { createBoxOffice, createTestGateway, MemoryStore } from '@boxoffice/sdk';
import { describe, expect, it } from 'vitest';
import { seed, type SeedResult } from '../src/commands/seed/seed.js';
import type { CommandContext } from '../src/context.js';
import { createProgress } from '../src/output/progress-bar.js';
import { boxoffice, BUILT } from './cli-process.js';
import { fakeIo, memoryHarness } from './helpers.js';

/** A context whose BoxOffice runs over a memory store the command may also write to directly. */
function storeContext() {
  const store = new MemoryStore();
  const bo = createBoxOffice({ store, payments: createTestGateway() });
  const io = fakeIo();
  const target = { kind: 'store', store: { spec: 'memory', source: 'flag' } } as const;
  const ctx: CommandContext = { io, store: target.store, target, open: async () => bo, openStore: async () => store };
  return { bo, io, ctx };
}

describe('seed', () => {
  it('writes N events of K seats straight to the store, deterministic by seed, and refuses the same seed twice', async () => {
    const { bo, io, ctx } = storeContext();
    expect(await seed(ctx, { events: 40, seats: 12, seed: '7', json: true })).toBe(0);
    const result = JSON.parse(io.out()) as SeedResult;
    expect(result).toMatchObject({ events: 40, seatsPerEvent: 12, tickets: 480, path: 'store' });
    // The catalog starts at the next full hour by default: every event written is upcoming, so listed.
    const events = await bo.listEvents({ pageSize: 100 });
    expect(events).toHaveLength(40);
    expect((await bo.getTickets(result.firstEventId)).length).toBe(12);
    const again = await seed(ctx, { events: 40, seats: 12, seed: '7' }).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'CONFLICT' });
    expect(await seed(ctx, { events: 5, seats: 12, seed: '8' })).toBe(0);
    expect(await bo.listEvents({ pageSize: 100, includePast: true })).toHaveLength(45);
    await bo.close();
  });

  it('--from sets the first day of the catalog\'s two years; past ones are listed only with includePast', async () => {
    const { bo, ctx } = storeContext();
    expect(await seed(ctx, { events: 30, seats: 4, seed: 'from', from: '2020-01-01T00:00:00.000Z' })).toBe(0);
    const all = await bo.listEvents({ pageSize: 100, includePast: true });
    expect(all).toHaveLength(30);
    for (const e of all) expect(Date.parse(e.startsAt)).toBeLessThan(Date.parse('2022-02-01T00:00:00.000Z'));
    expect(await bo.listEvents({ pageSize: 100 })).toHaveLength(0);
    await bo.close();
    if (!BUILT) return;
    const bad = await boxoffice(['seed', '--events', '3', '--from', '2027-02-30', '--store', 'memory']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--from <date>' argument '2027-02-30' is invalid. must be a date, YYYY-MM-DD");
  });

  it('through the BoxOffice interface (as against a deployment): new ids, same counts', async () => {
    const h = memoryHarness();
    expect(await seed(h.ctx, { events: 12, seats: 5, json: true })).toBe(0);
    const result = JSON.parse(h.io.out()) as SeedResult;
    expect(result).toMatchObject({ events: 12, tickets: 60, path: 'api' });
    expect((await h.bo.getEvent(result.firstEventId)).tickets).toHaveLength(5);
    await h.bo.close();
  });
});

describe('progress bar', () => {
  it('redraws one bar on a terminal and clears it at the end', () => {
    const io = fakeIo({ env: {} });
    const tty = { ...io, stderrIsTTY: true };
    let t = 0;
    const p = createProgress(tty, { label: 'seeding', total: 100, unit: 'events', now: () => t });
    t = 1000;
    p.update(50);
    t = 2000;
    p.update(100);
    p.finish();
    expect(io.err()).toContain('\r\u001b[2K[############------------] seeding 50/100 events (50%), 50/s ETA 1s');
    expect(io.err()).toContain('[########################] seeding 100/100 events (100%), 50/s');
    expect(io.err().endsWith('\r\u001b[2K')).toBe(true);
    expect(io.err()).not.toContain('\n');
  });

  it('without a terminal prints a plain line at most every few seconds, and the last one', () => {
    const io = fakeIo();
    let t = 0;
    const p = createProgress(io, { label: 'seeding', total: 10, unit: 'events', now: () => t, plainEveryMs: 3000 });
    for (let i = 1; i <= 10; i++) {
      t += 1000;
      p.update(i);
    }
    expect(io.err().trim().split('\n')).toEqual([
      'seeding 3/10 events (30%), 1/s ETA 7s',
      'seeding 6/10 events (60%), 1/s ETA 4s',
      'seeding 9/10 events (90%), 1/s ETA 1s',
      'seeding 10/10 events (100%), 1/s',
    ]);
  });
});

describe.runIf(BUILT)('seed (built binary)', () => {
  it('--json summary on memory; bad flags exit 2', async () => {
    const run = await boxoffice(['seed', '--store', 'memory', '--events', '200', '--seats', '20', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ events: 200, tickets: 4000, path: 'store' });
    expect(run.stderr).toContain('seeding 200/200 events (100%)');
    const bad = await boxoffice(['seed', '--store', 'memory', '--events', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("option '--events <n>' argument '0' is invalid");
    const missing = await boxoffice(['seed', '--store', 'memory']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining("required option '--events <n>' not specified")]);
  });
});
