import { MemoryStore } from '../src/index.js';
import { adaptersUnderTest, storeConformance, storeModelSuite } from '../src/testing/index.js';
import { describe, it } from 'vitest';

if (adaptersUnderTest().has('memory')) {
  storeConformance('memory', async () => ({ store: new MemoryStore(), cleanup: async () => undefined }));
} else {
  describe.skip('store conformance: memory (not in BOXOFFICE_ADAPTERS)', () => it('skipped', () => undefined));
}

if (adaptersUnderTest().has('memory')) {
  storeModelSuite('memory', async () => ({ store: new MemoryStore(), cleanup: async () => undefined }), { numRuns: 200 });
}
