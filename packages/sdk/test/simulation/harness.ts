import { createBoxOffice, createTestGateway, MemoryStore, seededRandom, type BoxOffice, type TestPaymentGateway } from '../../src/index.js';

export interface SimHarness {
  readonly store: MemoryStore;
  readonly gateway: TestPaymentGateway;
  readonly bo: BoxOffice;
}

/** A fresh in-process BoxOffice on the memory store, its best-available shuffle seeded. */
export function simHarness(seed = 1): SimHarness {
  const store = new MemoryStore();
  const gateway = createTestGateway();
  const bo = createBoxOffice({ store, payments: gateway, random: seededRandom(seed) });
  return { store, gateway, bo };
}
