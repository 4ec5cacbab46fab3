import { describe } from 'vitest';
import { availabilityCases } from './conformance/availability-cases.js';
import { bestAvailableCases } from './conformance/best-available-cases.js';
import { bookingCases } from './conformance/booking-cases.js';
import { catalogCases } from './conformance/catalog-cases.js';
import { holdCases } from './conformance/hold-cases.js';
import { idempotencyCases } from './conformance/idempotency-cases.js';
import { inventoryCases } from './conformance/inventory-cases.js';
import { salesWindowCases } from './conformance/sales-window-cases.js';
import { webhookCases } from './conformance/webhook-cases.js';
import { webhookResourceCases } from './conformance/webhook-resource-cases.js';
import { queueConfigCases } from './conformance/queue-config-cases.js';
import { resourceCases } from './conformance/resource-cases.js';
import type { BoxOfficeWrapper, StoreFactory } from './conformance/harness.js';

export interface ConformanceOptions {
  /** Drive the cases through this BoxOffice over the in-process one (the remote client over a live server). */
  through?: BoxOfficeWrapper;
}

/**
 * The store conformance suite: every store adapter (memory, PGlite, PostgreSQL, and the
 * remote client over a live server) passes exactly these cases. An adapter's test file is
 * one call: `storeConformance('pglite', () => ...fresh isolated store...)`; the remote
 * client's adds `{ through: (inner) => ...a server on inner and a client connected to it... }`.
 */
export function storeConformance(name: string, factory: StoreFactory, options: ConformanceOptions = {}): void {
  describe(`store conformance: ${name}`, () => {
    catalogCases(factory, options.through);
    holdCases(factory, options.through);
    bestAvailableCases(factory, options.through);
    bookingCases(factory, options.through);
    availabilityCases(factory, options.through);
    inventoryCases(factory, options.through);
    salesWindowCases(factory, options.through);
    resourceCases(factory, options.through);
    webhookResourceCases(factory, options.through);
    // The webhook store port itself (fan-out, claims, attempts) is the dispatcher's, never a client's.
    if (!options.through) webhookCases(factory);
    // So are idempotency keys' leases (the services and the server use them through the store).
    if (!options.through) idempotencyCases(factory);
    // So is the queue's durable configuration (the queue service reads it, never a client).
    if (!options.through) queueConfigCases(factory);
  });
}
