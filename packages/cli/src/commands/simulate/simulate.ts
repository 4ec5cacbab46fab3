import { runSimulation, SIMULATION_DEFAULTS, type SimulationOptions } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';
import { openSimulationTarget, type OpenSimulationTarget } from './open.js';
import { count, progressPrinter } from './progress.js';
import { printReport } from './report.js';

export interface SimulateOptions {
  readonly eventId?: string | undefined;
  readonly users: number;
  readonly arrivalRate?: number | undefined;
  readonly concurrency?: number | undefined;
  readonly queue?: boolean | undefined;
  readonly declineRate?: number | undefined;
  readonly abandonRate?: number | undefined;
  readonly seatsPerUser?: number | undefined;
  readonly section?: string | undefined;
  /** Seats of the event created when no `eventId` is given (default 50,000). */
  readonly seats?: number | undefined;
  readonly holdTtl?: number | undefined;
  readonly seed?: number | undefined;
  readonly timeScale?: number | undefined;
  /** Stop after this many seconds (the report and the audit still come). */
  readonly timeLimit?: number | undefined;
  readonly json?: boolean | undefined;
  /** Against a deployment: open the client's connections before the clock starts. */
  readonly preconnect?: boolean | undefined;
}

export interface SimulateDeps {
  /** Tests replace how the BoxOffice (and its store clock) is obtained. */
  readonly open?: OpenSimulationTarget;
}

/**
 * `boxoffice simulate`: an on-sale with N virtual users against an event (or a fresh one with
 * `--seats` seats). Progress on stderr, the report on stdout (a table, or JSON with --json).
 * Exits 1 when the audit of the final state fails.
 */
export async function simulate(ctx: CommandContext, options: SimulateOptions, deps: SimulateDeps = {}): Promise<number> {
  if (options.eventId !== undefined && options.seats !== undefined) {
    throw new UsageError('--seats sizes the event simulate creates: leave it out with --event', 'simulate');
  }
  if (options.eventId !== undefined && options.holdTtl !== undefined) {
    throw new UsageError('--hold-ttl applies to the event simulate creates: leave it out with --event', 'simulate');
  }
  const seed = options.seed ?? SIMULATION_DEFAULTS.seed;
  const target = await (deps.open ?? openSimulationTarget)(ctx, seed, options.concurrency ?? SIMULATION_DEFAULTS.concurrency);
  if (options.preconnect && target.preconnect === undefined) {
    await target.close();
    throw new UsageError('--preconnect opens the connections to a deployment: use it with --url', 'simulate');
  }
  const progress = progressPrinter(ctx.io, options.queue === true);
  const controller = new AbortController();
  const timer = options.timeLimit === undefined ? null : setTimeout(() => controller.abort(), options.timeLimit * 1000);
  timer?.unref();
  try {
    println(
      ctx.io.stderr,
      options.eventId === undefined
        ? `Creating a ${count(options.seats ?? SIMULATION_DEFAULTS.seats)}-seat event, then simulating ${count(options.users)} users...`
        : `Simulating ${count(options.users)} users on event ${options.eventId}...`,
    );
    const simulation: SimulationOptions = {
      eventId: options.eventId,
      seats: options.seats,
      holdTtlSeconds: options.holdTtl,
      users: options.users,
      arrivalRate: options.arrivalRate,
      concurrency: options.concurrency,
      seatsPerUser: options.seatsPerUser,
      declineRate: options.declineRate,
      abandonRate: options.abandonRate,
      section: options.section,
      seed,
      timeScale: options.timeScale,
      queue: options.queue,
      storeClock: target.storeClock,
      onProgress: (p) => progress.update(p),
      signal: controller.signal,
      ...(options.preconnect && target.preconnect ? { beforeStart: target.preconnect } : {}),
    };
    const report = await runSimulation(target.bo, simulation);
    progress.done();
    if (options.json) printJson(ctx.io, report);
    else printReport(ctx.io, report);
    if (!report.audit.ok) println(ctx.io.stderr, 'boxoffice: the audit of the final state FAILED (see the report)');
    return report.audit.ok ? 0 : 1;
  } finally {
    if (timer) clearTimeout(timer);
    await target.close();
  }
}
