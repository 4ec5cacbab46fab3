export * from './domain/index.js';
export * from './ports/index.js';
export type { BoxOffice } from './box-office.js';
export { createBoxOffice, type CreateBoxOfficeOptions } from './create-box-office.js';
export type { SweepReport, ReconcileReport } from './services/sweeper.js';
export { randomIds, type IdGenerator } from './services/ids.js';
export { MemoryStore, createMemoryStore, type MemoryStoreOptions } from './adapters/memory/index.js';
export { TestPaymentGateway, createTestGateway, TEST_TOKENS, type LedgerEntry } from './adapters/payments/test-gateway.js';
export { InProcessEventBus } from './adapters/bus/in-process-bus.js';
