import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SEARCH_INDEX_FILE } from '@boxoffice/sdk';
import { adaptersUnderTest } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedResult } from '../src/commands/seed/seed.js';
import { boxoffice, BUILT, serveProcess } from './cli-process.js';

/**
 * Issue 15, item 7: `seed` leaves the embedded store's search index saved beside it, with the
 * catalog version the store reports afterwards, so the first `serve` loads it (seconds at
 * 100,000 events) instead of reading every event and ticket again to build it.
 */
const adapters = adaptersUnderTest();
const dir = mkdtempSync(join(tmpdir(), 'boxoffice-seed-index-'));
const store = join(dir, 'store');

beforeAll(() => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm build` (or `cd packages/cli && pnpm build`) first');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(adapters.has('pglite'))('seed on the embedded store', () => {
  it('saves the search index with the store\'s catalog version, and the first serve loads it', { timeout: 120_000 }, async () => {
    const seeded = await boxoffice(['seed', '--events', '300', '--seats', '4', '--store', store, '--json']);
    expect(seeded.code, seeded.stderr).toBe(0);
    const result = JSON.parse(seeded.stdout) as SeedResult;
    const path = join(store, SEARCH_INDEX_FILE);
    expect(result.searchIndex?.path).toBe(path);

    // The saved index's first line: its header (format, catalog version, store kind, events).
    const header: unknown = JSON.parse(readFileSync(path, 'utf8').split('\n', 1)[0]!);
    const opened = await openStore(store);
    try {
      expect(header).toMatchObject({ events: 300, storeKind: 'pglite', catalogVersion: await opened.catalogVersion!() });
    } finally {
      await opened.close();
    }

    const server = await serveProcess(['--store', store, '--port', '0']);
    try {
      const [first] = (await (await fetch(`${server.url}/events?pageSize=1`)).json()) as { id: string; title: string }[];
      const word = first!.title.split(' ')[0]!;
      let status = 0;
      let found: { id: string }[] = [];
      for (let i = 0; i < 200 && status !== 200; i++) {
        const res = await fetch(`${server.url}/events/search?keyword=${encodeURIComponent(word)}&pageSize=100`);
        status = res.status;
        if (status === 200) found = (await res.json()) as { id: string }[];
        else await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toBe(200);
      expect(found.map((e) => e.id)).toContain(first!.id);
      expect(server.stderr()).toContain('search index loaded');
      expect(server.stderr()).not.toContain('search index built');
    } finally {
      await server.stop();
    }
  });
});
