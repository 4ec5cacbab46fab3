import { connect, createBoxOffice, createTestGateway, MemoryStore, seededRandom, simulationSeed, spreadByUser, type BoxOffice, type ClockControl } from '@boxoffice/sdk';
import { TEST_GATEWAY_NOTICE, type CommandContext } from '../../context.js';
import { println } from '../../io.js';

/** What a simulation runs on: the BoxOffice, and the store's clock when it may be moved. */
export interface SimulationTarget {
  readonly bo: BoxOffice;
  readonly storeClock?: ClockControl | undefined;
  close(): Promise<void>;
}

export type OpenSimulationTarget = (ctx: CommandContext, seed: number | string) => Promise<SimulationTarget>;

/**
 * `--store memory`: a private memory store the run may move the clock of (abandoned holds are
 * expired by moving it, not by waiting), with best-available's shuffle seeded by `--seed`, so a
 * run is repeatable. Any other store — the embedded PGlite directory, PostgreSQL — or a
 * deployment is opened the usual way and its clock is never touched: it keeps real data (and
 * may be shared), so abandoned holds expire in real time there. `--url a,b,...` (several
 * processes of one deployment) gets a client per URL, the users spread over them by id.
 */
export const openSimulationTarget: OpenSimulationTarget = async (ctx, seed) => {
  const t = ctx.target;
  if (t.kind === 'remote' && t.urls.length > 1) {
    // Several processes of one deployment: a client each, the users spread by id.
    const bo = spreadByUser(t.urls.map((url) => connect(url, t.token === undefined ? {} : { token: t.token })));
    println(ctx.io.stderr, `Spreading the users over ${t.urls.length} server processes: ${t.urls.join(', ')}`);
    return { bo, close: () => bo.close() };
  }
  if (t.kind === 'remote' || ctx.store.spec.trim() !== 'memory') return { bo: await ctx.open({ payments: true }), close: async () => undefined };
  println(ctx.io.stderr, TEST_GATEWAY_NOTICE);
  const store = new MemoryStore();
  const bo = createBoxOffice({ store, payments: createTestGateway(), random: seededRandom(simulationSeed(seed)) });
  return { bo, storeClock: store, close: () => bo.close() };
};
