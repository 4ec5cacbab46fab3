import fc from 'fast-check';
import { describe, it } from 'vitest';
import { TestPaymentGateway } from '../../adapters/payments/test-gateway.js';
import { createBoxOffice } from '../../create-box-office.js';
import type { StoreFactory } from '../conformance/harness.js';
import { createHallEvent, seatsOf } from '../fixtures.js';
import { commandArbitraries, HOLD_TTL_SECONDS } from './commands.js';
import type { Model, Real } from './model.js';

export interface ModelSuiteOptions {
  /** Random interleavings to try (default 60; BOXOFFICE_MODEL_RUNS overrides). */
  numRuns?: number;
  /** Commands per interleaving at most (default 25). */
  maxCommands?: number;
}

/**
 * Model-based concurrency test: random interleavings of hold / race / release / expire /
 * confirm (paid, declined, timed out) / cancel / sweep against a store, each step checked
 * against a simple model: no ticket sold twice, every SOLD ticket in exactly one confirmed
 * booking, every capture matched by one confirmed booking, holds expiring exactly when the
 * store's clock says.
 *
 * Timing: holds last 600 s of store time and the clock jumps by 10.001 s, 250.001 s or
 * 700.001 s, so no expiry ever lands within seconds of a check: real time elapsing during a
 * run (well under 9 s) cannot flip an outcome the model predicted.
 */
export function storeModelSuite(name: string, factory: StoreFactory, options: ModelSuiteOptions = {}): void {
  const numRuns = Number(process.env.BOXOFFICE_MODEL_RUNS ?? options.numRuns ?? 60);
  describe(`store model: ${name}`, () => {
    it(`keeps every invariant over ${numRuns} random interleavings`, { timeout: 600_000 }, async () => {
      const harness = await factory();
      const gateway = new TestPaymentGateway({ timeoutMs: 1 });
      const bo = createBoxOffice({ store: harness.store, payments: gateway, ownsStore: false });
      let run = 0;
      try {
        await fc.assert(
          fc.asyncProperty(fc.commands(commandArbitraries(8), { maxCommands: options.maxCommands ?? 25 }), async (cmds) => {
            run++;
            // Each interleaving gets its own event and users on the shared store (and its own
            // gateway ledger, so money checks see only this run).
            const runGateway = new TestPaymentGateway({ timeoutMs: 1 });
            const runBo = createBoxOffice({ store: harness.store, payments: runGateway, ownsStore: false });
            const { event } = await createHallEvent(runBo, { holdTtlSeconds: HOLD_TTL_SECONDS, maxTicketsPerUser: 4 });
            const row = await seatsOf(runBo, event.id, 'B', 'A');
            const model: Model = { tickets: row, maxPerUser: 4, holds: [], bookings: [] };
            const real: Real = { bo: runBo, store: harness.store, gateway: runGateway, eventId: event.id, runId: `r${run}` };
            await fc.asyncModelRun(() => ({ model, real }), cmds);
            await runBo.close();
          }),
          { numRuns, endOnFailure: true },
        );
      } finally {
        await bo.close();
        void gateway;
        await harness.cleanup();
      }
    });
  });
}
