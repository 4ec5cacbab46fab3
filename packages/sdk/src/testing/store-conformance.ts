import { describe } from 'vitest';
import { bookingCases } from './conformance/booking-cases.js';
import { catalogCases } from './conformance/catalog-cases.js';
import { holdCases } from './conformance/hold-cases.js';
import type { StoreFactory } from './conformance/harness.js';

/**
 * The store conformance suite: every store adapter (memory, PGlite, PostgreSQL, and the
 * remote client over a live server) passes exactly these cases. An adapter's test file is
 * one call: `storeConformance('pglite', () => ...fresh isolated store...)`.
 */
export function storeConformance(name: string, factory: StoreFactory): void {
  describe(`store conformance: ${name}`, () => {
    catalogCases(factory);
    holdCases(factory);
    bookingCases(factory);
  });
}
