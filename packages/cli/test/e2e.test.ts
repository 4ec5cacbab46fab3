import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditReport, Booking, Event, EventView, Page } from '@boxoffice/sdk';
import { adaptersUnderTest, requireService } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from '../src/commands/demo/demo.js';
import type { BookingJson } from '../src/output/records.js';
import { boxoffice, BUILT } from './cli-process.js';

/** The built binary, spawned as a user would run it. */
const adapters = adaptersUnderTest();

beforeAll(() => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm build` (or `cd packages/cli && pnpm build`) first');
});

describe.runIf(adapters.has('memory'))('boxoffice binary on --store memory', () => {
  it('demo --json: a confirmed booking of 2 seats and a clean audit', async () => {
    const run = await boxoffice(['demo', '--store', 'memory', '--json']);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as DemoResult;
    expect(result.store.kind).toBe('memory');
    expect(result.booking.status).toBe('CONFIRMED');
    expect(result.booking.seats).toHaveLength(2);
    expect(result.audit.ok).toBe(true);
    expect(run.stderr).toContain('test gateway, a declared test double');
  });

  it('a bad flag prints the usage on stderr and exits 2', async () => {
    const run = await boxoffice(['events', 'list', '--store', 'memory', '--frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("boxoffice: unknown option '--frobnicate'");
    expect(run.stderr).toContain('Usage: boxoffice events list [options]');
    expect(run.stdout).toBe('');
  });

  it('an unknown command prints the usage and exits 2', async () => {
    const run = await boxoffice(['sell-everything']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("boxoffice: unknown command 'sell-everything'");
    expect(run.stderr).toContain('Usage: boxoffice [options] [command]');
  });

  it('a malformed flag value is a usage error naming the flag (exit 2)', async () => {
    const run = await boxoffice(['book', '--store', 'memory', '--best', 'lots']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--best <n>' argument 'lots' is invalid. must be a whole number from 1 to 100");
  });

  it('an unknown event id exits 1 with a clear message', async () => {
    const run = await boxoffice(['events', 'show', 'evt_doesnotexist', '--store', 'memory']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('boxoffice: event evt_doesnotexist not found\n');
    expect(run.stdout).toBe('');
  });

  it('--help and --version succeed on stdout', async () => {
    const help = await boxoffice(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Exit codes:');
    const version = await boxoffice(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

/**
 * The same user journey on each store that keeps data between processes: migrate, demo, show,
 * book a taken seat (3), book (0), list, cancel, audit.
 */
function journey(name: string, setup: () => Promise<{ store: string; cleanup: () => Promise<void> } | null>) {
  describe(`boxoffice binary on ${name}`, () => {
    let store = '';
    let cleanup: (() => Promise<void>) | undefined;
    let demo: DemoResult;
    beforeAll(async () => {
      const ready = await setup();
      if (ready) ({ store, cleanup } = ready);
    }, 120_000);
    afterAll(async () => cleanup?.());
    const it_ = (title: string, fn: () => Promise<void>) => it(title, async (ctx) => (store === '' ? ctx.skip() : fn()), 120_000);

    it_('db migrate opens and migrates the store', async () => {
      const run = await boxoffice(['db', 'migrate', '--store', store, '--json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, migrated: true });
    });

    it_('demo --json books 2 seats and audits clean', async () => {
      const run = await boxoffice(['demo', '--store', store, '--json']);
      expect(run.code).toBe(0);
      demo = JSON.parse(run.stdout) as DemoResult;
      expect(demo.booking.status).toBe('CONFIRMED');
      expect(demo.audit.ok).toBe(true);
      expect(demo.next[0]).toBe(`boxoffice events show ${demo.event.id} --store ${store}`);
      // The search and the queued on-sale ran on this store too (real time: no clock to move).
      expect(demo.search.result.items.map((e) => e.id)).toContain(demo.event.id);
      expect(demo.onSale.report).toMatchObject({ ok: true, soldOut: true, storeKind: demo.store.kind });
      expect(demo.onSale.report.queue?.joined).toBe(300);
    });

    it_('events list and events show --json read what the demo wrote, in another process', async () => {
      const list = await boxoffice(['events', 'list', '--store', store, '--json', '--page-size', '100']);
      expect((JSON.parse(list.stdout) as Page<Event>).items.map((e) => e.id)).toContain(demo.event.id);
      const run = await boxoffice(['events', 'show', demo.event.id, '--store', store, '--json']);
      expect(run.code).toBe(0);
      const view = JSON.parse(run.stdout) as EventView;
      expect(view.tickets).toHaveLength(516);
      const sold = view.tickets.filter((t) => demo.booking.ticketIds.includes(t.id));
      expect(sold.map((t) => [t.status, t.bookingId])).toEqual([['SOLD', demo.booking.id], ['SOLD', demo.booking.id]]);
    });

    it_('booking a taken seat exits 3 and sells nothing', async () => {
      const taken = demo.booking.seats[0]!.label;
      const run = await boxoffice(['book', '--store', store, '--event', demo.event.id, '--seats', taken, '--user', 'late', '--pay', 'tok_visa']);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('boxoffice: 1 of the requested tickets are no longer available');
      const mine = await boxoffice(['bookings', 'list', '--store', store, '--user', 'late', '--json']);
      expect(JSON.parse(mine.stdout)).toMatchObject({ items: [], total: 0 });
    });

    let zoe: BookingJson;
    it_('book --best, then bookings show and a clean audit, each in its own process', async () => {
      const run = await boxoffice(['book', '--store', store, '--event', demo.event.id, '--best', '3', '--section', 'BAL', '--user', 'zoe', '--pay', 'tok_visa', '--json']);
      expect(run.code).toBe(0);
      zoe = JSON.parse(run.stdout) as BookingJson;
      expect(zoe.seats.map((s) => s.section)).toEqual(['BAL', 'BAL', 'BAL']);
      const shown = await boxoffice(['bookings', 'show', zoe.id, '--store', store, '--json']);
      expect((JSON.parse(shown.stdout) as Booking).status).toBe('CONFIRMED');
      const audit = await boxoffice(['inventory', 'audit', '--event', demo.event.id, '--store', store, '--json']);
      expect(audit.code).toBe(0);
      expect(JSON.parse(audit.stdout) as AuditReport).toMatchObject({ ok: true, bookingsChecked: 4 });
    });

    it_('inventory block, release and reprice (each in its own process); bad selections exit 2 naming the flag', async () => {
      const e = demo.event.id;
      const blocked = await boxoffice(['inventory', 'block', e, '--section', 'CR', '--rows', 'A', '--store', store, '--json']);
      expect(blocked.code).toBe(0);
      const block = JSON.parse(blocked.stdout) as { changed: string[]; skipped: unknown[]; blockId: string };
      expect(block.changed).toHaveLength(14);
      expect(block.skipped).toEqual([]);
      const released = await boxoffice(['inventory', 'release', e, '--tickets', block.changed.slice(0, 2).join(','), '--store', store, '--json']);
      expect((JSON.parse(released.stdout) as { changed: string[] }).changed).toEqual(block.changed.slice(0, 2));
      const repriced = await boxoffice(['inventory', 'reprice', e, '--tier', 'value', '--price', '35.50', '--store', store, '--json']);
      expect(JSON.parse(repriced.stdout)).toMatchObject({ price: 3550 });
      const view = JSON.parse((await boxoffice(['events', 'show', e, '--store', store, '--json'])).stdout) as EventView;
      const byId = new Map(view.tickets.map((t) => [t.id, t]));
      expect(block.changed.map((id) => byId.get(id)!.status)).toEqual([...Array(2).fill('AVAILABLE'), ...Array(12).fill('RESERVED')]);
      expect(view.prices.value).toBe(3550);
      expect(view.tickets.filter((t) => t.tier === 'value' && t.status !== 'SOLD').every((t) => t.price === 3550)).toBe(true);

      const noSection = await boxoffice(['inventory', 'block', e, '--rows', 'A', '--store', store]);
      expect(noSection.code).toBe(2);
      expect(noSection.stderr).toContain('boxoffice: --rows: rows need --section');
      const noPrice = await boxoffice(['inventory', 'reprice', e, '--tier', 'value', '--store', store]);
      expect(noPrice.code).toBe(2);
      expect(noPrice.stderr).toContain('reprice needs --price');
      const audit = await boxoffice(['inventory', 'audit', '--event', e, '--store', store, '--json']);
      expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true });
    });

    it_('bookings cancel (another process) puts the seats back on sale', async () => {
      const cancel = await boxoffice(['bookings', 'cancel', zoe.id, '--user', 'zoe', '--store', store, '--json']);
      expect(cancel.code).toBe(0);
      expect((JSON.parse(cancel.stdout) as Booking).status).toBe('CANCELLED');
      const view = JSON.parse((await boxoffice(['events', 'show', demo.event.id, '--section', 'BAL', '--store', store, '--json'])).stdout) as EventView;
      expect(view.tickets.filter((t) => zoe.ticketIds.includes(t.id)).map((t) => t.status)).toEqual(['AVAILABLE', 'AVAILABLE', 'AVAILABLE']);
    });

    // The refund of a charge captured by another process goes through (the test gateway takes
    // its own references as proof of the charge), so the audit stays clean.
    it('the audit is clean after a cancel in another process', async (ctx) => {
      if (store === '') ctx.skip();
      const audit = await boxoffice(['inventory', 'audit', '--event', demo.event.id, '--store', store, '--json']);
      expect(JSON.parse(audit.stdout) as AuditReport).toMatchObject({ ok: true, capturesWithoutBooking: [] });
      expect(audit.code).toBe(0);
    }, 120_000);
  });
}

journey('an embedded PGlite directory', async () => {
  if (!adapters.has('pglite')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'boxoffice-cli-'));
  return { store: join(dir, 'store'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
});

const PG_URL = process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database of its own (created with psql, dropped after), so nothing is left in shared ones. */
journey('PostgreSQL', async () => {
  if (!adapters.has('postgres')) return null;
  const psql = (sql: string) => {
    const r = spawnSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8', timeout: 15_000 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(r.stderr.trim() || `psql exited ${r.status}`);
  };
  if (!(await requireService('PostgreSQL (psql)', async () => psql('SELECT 1')))) return null;
  const db = `bo_cli_${randomBytes(5).toString('hex')}`;
  psql(`CREATE DATABASE ${db}`);
  const url = new URL(PG_URL);
  url.pathname = `/${db}`;
  return { store: url.toString(), cleanup: async () => psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`) };
});
