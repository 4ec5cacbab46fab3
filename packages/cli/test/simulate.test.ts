import { createBoxOffice, createTestGateway, MemoryStore, type SimulationProgress } from '@boxoffice/sdk';
import { describe, expect, it } from 'vitest';
import { progressLine, progressPrinter } from '../src/commands/simulate/progress.js';
import { simulate } from '../src/commands/simulate/simulate.js';
import { fakeIo, memoryHarness } from './helpers.js';

const sample: SimulationProgress = {
  elapsedMs: 1234,
  users: 1000,
  arrived: 1000,
  waiting: 700,
  admitted: 300,
  inFlight: 16,
  holding: 5,
  done: 284,
  booked: 250,
  seats: 600,
  sold: 500,
  available: 90,
  holdsPerSecond: 410,
  p99HoldMs: 12.345,
  soldOut: false,
};

describe('simulate progress on stderr', () => {
  it('one line with arrived, waiting, holding, sold, holds/s and p99 (admitted with a queue)', () => {
    expect(progressLine(sample, false)).toBe('  1.23 s  arrived 1,000  waiting 700  in flight 16  holding 5  sold 500/600  holds/s 410  p99 hold 12.3 ms');
    expect(progressLine({ ...sample, soldOut: true }, true)).toContain('admitted 300');
    expect(progressLine({ ...sample, soldOut: true }, true)).toMatch(/SOLD OUT$/);
  });

  it('rewrites one line on a terminal', () => {
    let err = '';
    const io = { ...fakeIo(), stderr: { isTTY: true, write: (s: string) => (err += s) } };
    const printer = progressPrinter(io, false);
    printer.update(sample);
    printer.update({ ...sample, elapsedMs: 1500 });
    printer.done();
    expect(err.split('\r\u001b[2K')).toHaveLength(3);
    expect(err.endsWith('\n')).toBe(true);
    expect(err.match(/\n/g)).toHaveLength(1);
  });

  it('never writes a terminal line wider than the terminal (a wrapped line cannot be redrawn)', () => {
    let err = '';
    const io = { ...fakeIo(), stderr: { isTTY: true, columns: 60, write: (s: string) => (err += s) } };
    const printer = progressPrinter(io, true);
    printer.update(sample);
    const line = err.replace('\r\u001b[2K', '');
    expect(line.length).toBeLessThanOrEqual(59);
    expect(line.endsWith('…')).toBe(true);
  });

  it('prints a line every 2 s and the last state when not a terminal', () => {
    const io = fakeIo();
    const printer = progressPrinter(io, false);
    for (let ms = 0; ms <= 5000; ms += 250) printer.update({ ...sample, elapsedMs: ms });
    printer.done();
    expect(io.err().trim().split('\n').map((l) => l.trim().split(' ')[0])).toEqual(['0.00', '2.00', '4.00', '5.00']);
  });
});

describe('simulate (in-process)', () => {
  it('runs on the BoxOffice it is given and returns 1 when the audit fails', async () => {
    const { io, ctx } = memoryHarness();
    const store = new MemoryStore();
    const bo = createBoxOffice({ store, payments: createTestGateway() });
    // A BoxOffice whose audit reports an oversold seat: the command must exit 1.
    const lying = { ...bo, operations: { ...bo.operations, audit: async (id?: string) => ({ ...(await bo.operations.audit(id)), ok: false, oversoldTickets: ['tkt_x'] }) } };
    const code = await simulate(ctx, { users: 20, seats: 20, json: true }, { open: async () => ({ bo: lying, storeClock: store, close: () => bo.close() }) });
    expect(code).toBe(1);
    expect(JSON.parse(io.out())).toMatchObject({ ok: false, audit: { ok: false } });
    expect(io.err()).toContain('the audit of the final state FAILED');
  });

  it('stops at --time-limit and still reports and audits', async () => {
    const { io, ctx } = memoryHarness();
    const store = new MemoryStore();
    const bo = createBoxOffice({ store, payments: createTestGateway() });
    const code = await simulate(ctx, { users: 1_000_000, seats: 2000, arrivalRate: 500, concurrency: 4, timeLimit: 0.3, json: true }, { open: async () => ({ bo, storeClock: store, close: () => bo.close() }) });
    expect(code).toBe(0);
    const report = JSON.parse(io.out());
    expect(report).toMatchObject({ ok: true, aborted: true, soldOut: false });
    expect(report.users.notStarted).toBeGreaterThan(0);
  });
});
