import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimulationReport } from '@boxoffice/sdk';
import { adaptersUnderTest } from '@boxoffice/sdk/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { boxoffice, BUILT } from './cli-process.js';

/** `boxoffice simulate`, the built binary spawned as a user (or CI) runs it. */
const adapters = adaptersUnderTest();

beforeAll(() => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm build` (or `cd packages/cli && pnpm build`) first');
});

describe.runIf(adapters.has('memory'))('boxoffice simulate on --store memory', () => {
  it('--json: 300 users on 200 seats sell out, the report parses and the audit is clean', async () => {
    const run = await boxoffice(['simulate', '--users', '300', '--seats', '200', '--store', 'memory', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as SimulationReport;
    expect(report.ok).toBe(true);
    expect(report.audit.ok).toBe(true);
    expect(report.audit.store.oversoldTickets).toEqual([]);
    expect(report.audit.checks.map((c) => c.ok)).not.toContain(false);
    expect(report.storeKind).toBe('memory');
    expect(report.soldOut).toBe(true);
    expect(report.seats).toMatchObject({ total: 200, soldByRun: 200 });
    expect(report.users.total).toBe(300);
    expect(report.latency.hold!.count).toBeGreaterThan(0);
    expect(report.latency.confirm!.p99).toBeGreaterThan(0);
    expect(report.expiry.mode).toBe('clock');
    // progress and notices on stderr, nothing but the JSON on stdout
    expect(run.stderr).toContain('test gateway, a declared test double');
    expect(run.stderr).toMatch(/arrived 300 .*sold 200\/200 .*SOLD OUT/);
  });

  it('the same seed gives the same users’ choices', async () => {
    const args = ['simulate', '--users', '80', '--seats', '100', '--concurrency', '1', '--decline-rate', '0.3', '--abandon-rate', '0.1', '--seed', '42', '--store', 'memory', '--json'];
    const [a, b] = await Promise.all([boxoffice(args), boxoffice(args)]);
    const pick = (s: string) => (JSON.parse(s) as SimulationReport).users;
    expect(pick(a.stdout)).toEqual(pick(b.stdout));
  });

  it('a table for people: result, latency per step, audit', async () => {
    const run = await boxoffice(['simulate', '--users', '50', '--seats', '40', '--store', 'memory']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Result\tsold out in [\d.]+ s; audit OK$/m);
    expect(run.stdout).toMatch(/^hold\t\d+\t/m);
    expect(run.stdout).toMatch(/^ok\tstore audit\t/m);
  });

  it('a bad flag value prints the usage and exits 2', async () => {
    const run = await boxoffice(['simulate', '--users', '10', '--decline-rate', '1.5', '--store', 'memory']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--decline-rate <p>' argument '1.5' is invalid. must be a number from 0 to 1");
    expect(run.stderr).toContain('Usage: boxoffice simulate [options]');
    expect(run.stdout).toBe('');
  });

  it('missing --users, a zero count or clashing flags exit 2', async () => {
    const none = await boxoffice(['simulate', '--store', 'memory']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("required option '--users <n>' not specified");
    const zero = await boxoffice(['simulate', '--users', '0', '--store', 'memory']);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('must be a whole number from 1 to 1000000000');
    const clash = await boxoffice(['simulate', '--users', '5', '--event', 'evt_x', '--seats', '10', '--store', 'memory']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('--seats sizes the event simulate creates');
  });

  it('an unknown event exits 1', async () => {
    const run = await boxoffice(['simulate', '--users', '5', '--event', 'evt_doesnotexist', '--store', 'memory']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('boxoffice: event evt_doesnotexist not found');
  });

  it('--queue: users go through the waiting queue', async () => {
    const run = await boxoffice(['simulate', '--users', '400', '--seats', '200', '--concurrency', '16', '--queue', '--store', 'memory', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as SimulationReport;
    expect(report.ok).toBe(true);
    expect(report.queue).toMatchObject({ settings: 'configured' });
    expect(report.queue!.admitted).toBeGreaterThan(0);
    expect(run.stderr).toMatch(/admitted \d+/);
  });
});

describe.runIf(adapters.has('pglite'))('boxoffice simulate on an embedded PGlite directory', () => {
  it('creates an event with short holds, sells it, and the audit read in another process agrees', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boxoffice-sim-'));
    try {
      const store = join(dir, 'store');
      const run = await boxoffice(['simulate', '--users', '60', '--seats', '40', '--concurrency', '8', '--abandon-rate', '0', '--store', store, '--json']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as SimulationReport;
      expect(report.ok).toBe(true);
      expect(report.storeKind).toBe('pglite');
      expect(report.holdTtlSeconds).toBe(30);
      expect(report.expiry.mode).toBe('wait');
      expect(report.seats.soldByRun).toBe(40);
      const audit = await boxoffice(['inventory', 'audit', '--event', report.eventId, '--store', store, '--json']);
      expect(audit.code).toBe(0);
      expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, bookingsChecked: report.bookings });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
