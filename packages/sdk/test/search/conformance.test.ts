import { describe, it } from 'vitest';
import { MemoryStore } from '../../src/index.js';
import { LunrSearchIndex } from '../../src/adapters/search/lunr/index.js';
import { PostgresSearchIndex } from '../../src/adapters/search/postgres/index.js';
import { adaptersUnderTest, searchConformance } from '../../src/testing/index.js';
import { BACKENDS } from '../postgres/harness.js';

/**
 * The search conformance suite on every adapter: lunr (over the memory store and over
 * PostgreSQL, whose catalog version it polls) and PostgreSQL full text (on PostgreSQL and on
 * PGlite). PostgreSQL unreachable: skipped with a message, a failure under CI=true.
 */
const fast = { pollIntervalMs: 100, rebuildDebounceMs: 50, availabilityDebounceMs: 50 } as const;

if (adaptersUnderTest().has('memory')) {
  searchConformance('lunr on memory', async () => {
    const store = new MemoryStore();
    return { store, search: new LunrSearchIndex({ store, ...fast }), cleanup: () => store.close() };
  });
} else {
  describe.skip('search conformance: lunr on memory (not in BOXOFFICE_ADAPTERS)', () => it('skipped', () => undefined));
}

for (const backend of BACKENDS) {
  searchConformance(`postgres full text on ${backend.name}`, async () => {
    const { store, cleanup } = await backend.open();
    return { store, search: new PostgresSearchIndex({ store, availabilityDebounceMs: 50 }), cleanup };
  });
  if (backend.name === 'postgres') {
    searchConformance('lunr on postgres', async () => {
      const { store, cleanup } = await backend.open();
      return { store, search: new LunrSearchIndex({ store, ...fast }), cleanup };
    });
  }
}
