import { BoxOfficeError, isBoxOfficeError, legacySearchIndexPathsOf, searchIndexPathOf, type Store } from '@boxoffice/sdk';
import { generateCatalog, loadCatalog } from '@boxoffice/sdk/catalog';
import { createLunrSearch } from '@boxoffice/sdk/lunr';
import { describeTarget, type CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { printJson } from '../../output/json.js';
import { createProgress } from '../../output/progress-bar.js';

export interface SeedOptions {
  readonly events: number;
  /** Seats per venue (so per event). */
  readonly seats?: number | undefined;
  /** Any text or number: the same seed gives the same catalog. */
  readonly seed?: string | undefined;
  /** Dates are spread over two years from this instant (default: the next full hour, UTC). */
  readonly from?: string | undefined;
  /** Events per write batch (in-process stores). */
  readonly batchSize?: number | undefined;
  readonly json?: boolean | undefined;
}

export interface SeedResult {
  readonly store: string;
  readonly seed: string;
  readonly events: number;
  readonly seatsPerEvent: number;
  readonly venues: number;
  readonly performers: number;
  readonly tickets: number;
  readonly ms: number;
  readonly eventsPerSecond: number;
  /** The first event created (its id as the store knows it): somewhere to start looking. */
  readonly firstEventId: string;
  /** In-process: records written straight to the store in batches; remote: through the API, one by one. */
  readonly path: 'store' | 'api';
  /** The embedded store's saved search index, written after the catalog (null: not an embedded store). */
  readonly searchIndex: { readonly path: string; readonly ms: number } | null;
}

export const DEFAULT_SEATS = 100;

/** The next full hour after `ms`, as an ISO string: every generated event starts after now. */
export function nextHourUtc(ms: number): string {
  const hour = 3_600_000;
  return new Date(Math.floor(ms / hour) * hour + hour).toISOString();
}

/**
 * `boxoffice seed`: the synthetic catalog (venues in real cities, performers, events with
 * prices and K seats each), deterministic by --seed. In-process it is written straight to the
 * store in batches (one transaction per batch on PostgreSQL), which is what makes 10,000 small
 * events quick; against a deployment every record goes through the admin API (an admin token).
 */
export async function seed(ctx: CommandContext, o: SeedOptions): Promise<number> {
  const seedValue = o.seed ?? '1';
  // From the next full hour by default: a catalog spread over two fixed calendar years would soon
  // be partly past, and past events are hidden from lists and search.
  const from = o.from ?? nextHourUtc(Date.now());
  const catalog = generateCatalog({ events: o.events, seatsPerVenue: o.seats ?? DEFAULT_SEATS, seed: /^\d+$/.test(seedValue) ? Number(seedValue) : seedValue, from });
  const bo = await ctx.open();
  const store = await ctx.openStore?.();
  const where = describeTarget(ctx);
  if (store) {
    // Ids are deterministic by seed: a second run with the same seed would collide half-way.
    const first = catalog.event(0);
    const exists = await bo.events.get(first.id).then(
      () => true,
      (error: unknown) => (isBoxOfficeError(error, 'NOT_FOUND') ? false : Promise.reject(error)),
    );
    if (exists) {
      throw new BoxOfficeError('CONFLICT', `the ${where} already holds the catalog of seed ${seedValue}: seed again with another --seed`, { field: 'seed' });
    }
  }
  println(ctx.io.stderr, `Seeding ${o.events.toLocaleString('en-US')} events × ${catalog.seatsPerVenue} seats (seed ${seedValue}) into the ${where}...`);
  const progress = createProgress(ctx.io, { label: 'seeding', total: o.events, unit: 'events' });
  let report;
  try {
    report = await loadCatalog(store ?? bo, catalog, {
      ...(o.batchSize === undefined ? {} : { batchSize: o.batchSize }),
      // Through the API: report every 50 events, a store batch is 500 by default.
      ...(store || o.batchSize !== undefined ? {} : { batchSize: 50 }),
      onProgress: (p) => progress.update(p.events),
    });
  } finally {
    progress.finish();
  }
  const searchIndex = store ? await saveSearchIndex(ctx, store) : null;
  const result: SeedResult = {
    store: where,
    seed: seedValue,
    events: report.events,
    seatsPerEvent: catalog.seatsPerVenue,
    venues: report.venues,
    performers: report.performers,
    tickets: report.tickets,
    ms: Math.round(report.ms),
    eventsPerSecond: Math.round(report.events / Math.max(0.001, report.ms / 1000)),
    firstEventId: report.ids.get(catalog.event(0).id) ?? catalog.event(0).id,
    path: store ? 'store' : 'api',
    searchIndex,
  };
  if (o.json) {
    printJson(ctx.io, result);
    return 0;
  }
  const n = (x: number) => x.toLocaleString('en-US');
  println(
    ctx.io.stdout,
    `Seeded ${n(result.events)} events, ${n(result.venues)} venues, ${n(result.performers)} performers and ${n(result.tickets)} tickets in ${(result.ms / 1000).toFixed(1)} s (${n(result.eventsPerSecond)} events/s).`,
  );
  if (result.searchIndex) println(ctx.io.stderr, `Saved the search index in ${(result.searchIndex.ms / 1000).toFixed(1)} s: ${result.searchIndex.path}`);
  println(ctx.io.stderr, `Try: boxoffice events search --keyword <word>   or   boxoffice events show ${result.firstEventId}`);
  return 0;
}

/**
 * Builds the search index of an embedded store once seeded and saves it in the store's
 * directory, so the first `boxoffice serve` loads it (seconds at 100,000 events) instead of
 * building it (reading every event and ticket again). Its catalog version is read from the
 * store after the last batch, so it matches what the server will read.
 */
async function saveSearchIndex(ctx: CommandContext, store: Store): Promise<SeedResult['searchIndex']> {
  const path = ctx.target.kind === 'store' ? searchIndexPathOf(ctx.target.store.spec) : undefined;
  if (path === undefined) return null;
  println(ctx.io.stderr, 'Saving the search index beside the store (the first serve loads it instead of building it)...');
  const started = performance.now();
  // An index saved under the older name goes once this one is saved (it would only go stale).
  const index = createLunrSearch({ store, persistPath: path, legacyPersistPaths: ctx.target.kind === 'store' ? legacySearchIndexPathsOf(ctx.target.store.spec) : [] });
  try {
    await index.saved();
  } finally {
    await index.close();
  }
  return { path, ms: Math.round(performance.now() - started) };
}
