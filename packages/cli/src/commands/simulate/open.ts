import { connect, createDeployment, createTestGateway, MemoryStore, seededRandom, simulationSeed, spreadByUser, type BoxOffice, type ClockControl } from '@boxoffice/sdk';
import { TEST_GATEWAY_NOTICE, type CommandContext } from '../../context.js';
import { println } from '../../io.js';

/** What a simulation runs on: the BoxOffice, and the store's clock when it may be moved. */
export interface SimulationTarget {
  readonly bo: BoxOffice;
  readonly storeClock?: ClockControl | undefined;
  /** A deployment's clients: opens every keep-alive connection of each (`--preconnect`). */
  readonly preconnect?: (() => Promise<void>) | undefined;
  close(): Promise<void>;
}

export type OpenSimulationTarget = (ctx: CommandContext, seed: number | string, concurrency: number) => Promise<SimulationTarget>;

/**
 * Keep-alive connections of each client of a deployment: one per user in flight (spread over
 * the processes), as real buyers each come on a connection of their own. With fewer, the users
 * would queue in this process for a free connection and the run would time that queue, not the
 * server (16 connections for 256 users in flight measured ~1 s holds on a server answering in
 * ~70 ms). A few more carry the queue's polls and the live count beside them; at most
 * MAX_CONNECTIONS, so a huge --concurrency does not run this process out of file descriptors.
 */
export function connectionsPerProcess(concurrency: number, processes: number): number {
  return Math.min(MAX_CONNECTIONS, Math.ceil(concurrency / Math.max(1, processes)) + 8);
}

const MAX_CONNECTIONS = 1024;

/**
 * `--store memory`: a private memory store the run may move the clock of (abandoned holds are
 * expired by moving it, not by waiting), with best-available's shuffle seeded by `--seed`, so a
 * run is repeatable. Any other store — the embedded PGlite directory, PostgreSQL — or a
 * deployment is opened the usual way and its clock is never touched: it keeps real data (and
 * may be shared), so abandoned holds expire in real time there. `--url a,b,...` (several
 * processes of one deployment) gets a client per URL, the users spread over them by id; every
 * client has a connection per user in flight (`connectionsPerProcess`), and no retries of its own.
 */
export const openSimulationTarget: OpenSimulationTarget = async (ctx, seed, concurrency) => {
  const t = ctx.target;
  if (t.kind === 'remote') {
    const connections = connectionsPerProcess(concurrency, t.urls.length);
    // retry: false — the virtual users retry themselves (a shed hold, a lost confirm with its own
    // key: simulation/shed-retry.ts), timing and counting every try; the client's retries beneath
    // them would multiply the tries (4 x 6 for a confirm) and hide them from the metrics.
    const clients = t.urls.map((url) => connect(url, { connections, retry: false, ...(t.token === undefined ? {} : { token: t.token }) }));
    const preconnect = async () => {
      await Promise.all(clients.map((c) => c.preconnect()));
    };
    if (clients.length === 1) return { bo: clients[0]!, preconnect, close: () => clients[0]!.close() };
    // Several processes of one deployment: a client each, the users spread by id.
    const bo = spreadByUser(clients);
    println(ctx.io.stderr, `Spreading the users over ${t.urls.length} server processes: ${t.urls.join(', ')}`);
    return { bo, preconnect, close: () => bo.close() };
  }
  if (ctx.store.spec.trim() !== 'memory') return { bo: await ctx.open({ payments: true }), close: async () => undefined };
  println(ctx.io.stderr, TEST_GATEWAY_NOTICE);
  const { boxOffice: bo, store } = await createDeployment({ store: 'memory', payments: createTestGateway(), random: seededRandom(simulationSeed(seed)) });
  return { bo, storeClock: store instanceof MemoryStore ? store : undefined, close: () => bo.close() };
};
