import { describe, expect, it } from 'vitest';
import { createContext, resolveStore, TEST_GATEWAY_NOTICE } from '../src/context.js';
import { main } from '../src/index.js';
import { fakeIo } from './helpers.js';

describe('main (in-process, no process.exit)', () => {
  it('returns 0 and writes the command output to the given Io', async () => {
    const io = fakeIo();
    expect(await main(['--store', 'memory', 'events', 'list', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual({ items: [], total: 0, page: 1, pageSize: 20, hasMore: false });
  });

  it('global --store works after the subcommand too', async () => {
    const io = fakeIo();
    expect(await main(['db', 'migrate', '--json', '--store', 'memory'], io)).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ store: 'memory' });
  });

  it('a bad flag: message and usage on stderr, exit 2, nothing on stdout', async () => {
    const io = fakeIo();
    expect(await main(['--store', 'memory', 'bookings', 'list', '--colour', 'red'], io)).toBe(2);
    expect(io.err()).toMatch(/^boxoffice: unknown option '--colour'\n\nUsage: boxoffice bookings list \[options\]/);
    expect(io.out()).toBe('');
  });

  it('a missing argument or mandatory flag is a usage error (exit 2)', async () => {
    const noId = fakeIo();
    expect(await main(['events', 'show'], noId)).toBe(2);
    expect(noId.err()).toContain("boxoffice: missing required argument 'eventId'");
    const noUser = fakeIo();
    expect(await main(['bookings', 'cancel', 'bkg_x'], noUser)).toBe(2);
    expect(noUser.err()).toContain("boxoffice: required option '--user <id>' not specified");
  });

  it('a noun without a verb shows its help on stderr and exits 2', async () => {
    const io = fakeIo();
    expect(await main(['events'], io)).toBe(2);
    expect(io.err()).toContain('Usage: boxoffice events [options] [command]');
  });

  it('SDK errors map through the exit-code table', async () => {
    const notFound = fakeIo();
    expect(await main(['--store', 'memory', 'bookings', 'show', 'bkg_nothere'], notFound)).toBe(1);
    expect(notFound.err()).toBe('boxoffice: booking bkg_nothere not found\n');
    const invalid = fakeIo();
    expect(await main(['--store', 'memory', 'inventory', 'audit', '--event', 'not-an-id'], invalid)).toBe(2);
    expect(invalid.err()).toMatch(/^boxoffice: eventId: /);
    const emptyStore = fakeIo();
    expect(await main(['--store', ' ', 'events', 'list'], emptyStore)).toBe(2);
    expect(emptyStore.err()).toBe('boxoffice: store: must not be empty\n');
  });

  it('--help goes to stdout with the exit codes, and exits 0', async () => {
    const io = fakeIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toContain('Exit codes:');
    expect(io.out()).toContain('--store <spec>');
    expect(io.err()).toBe('');
  });
});

describe('context', () => {
  it('picks the store from --store, else BOXOFFICE_STORE, else ./.boxoffice', () => {
    expect(resolveStore('memory', { BOXOFFICE_STORE: '/data' })).toEqual({ spec: 'memory', source: 'flag' });
    expect(resolveStore(undefined, { BOXOFFICE_STORE: '/data' })).toEqual({ spec: '/data', source: 'env' });
    expect(resolveStore(undefined, { BOXOFFICE_STORE: '' })).toEqual({ spec: './.boxoffice', source: 'default' });
    expect(resolveStore(undefined, {})).toEqual({ spec: './.boxoffice', source: 'default' });
  });

  it('opens the store once, and says once (on stderr) that payments use the test gateway', async () => {
    const io = fakeIo();
    const { ctx, close } = createContext(io, { kind: 'store', store: { spec: 'memory', source: 'flag' } });
    const first = await ctx.open();
    expect(io.err()).toBe('');
    expect(await ctx.open({ payments: true })).toBe(first);
    await ctx.open({ payments: true });
    expect(io.err()).toBe(`${TEST_GATEWAY_NOTICE}\n`);
    expect(first.storeKind).toBe('memory');
    await close();
    expect(io.out()).toBe('');
  });
});
