/**
 * `pnpm bench search`: the search adapters on the synthetic catalog, beside MiniSearch (a
 * devDependency of bench/ only) on the same documents and the same 1,000 queries, in the same
 * run. In-process (memory store) at each `--sizes`: index build time, retained heap, the time
 * to load a saved index (a one-shot CLI call), and p50/p99 over the query mix (30% keyword,
 * 20% keyword + dates, 15% keyword + geo, 20% filters only, 15% suggestions). Then the
 * PostgreSQL full-text adapter at `--pg-events` on real PostgreSQL (skipped when unreachable),
 * with `--pg-baseline` beside the same adapter ranking and counting every match.
 * Queries run one at a time after a warm-up pass. Imports the SDK's public entries (run `pnpm build` first).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import v8 from 'node:v8';
import pg from 'pg';
import vm from 'node:vm';
import { MemoryStore, SearchService } from '@boxoffice/sdk';
import { readCatalog } from '../packages/sdk/src/adapters/search/catalog-source.js';
import { LunrSearchIndex } from '@boxoffice/sdk/lunr';
import { PostgresSearchIndex, dropSchema, openPostgresStore } from '@boxoffice/sdk/postgres';
import { generateCatalog, loadCatalog } from '@boxoffice/sdk/catalog';
import { parseArgs } from './lib/args.js';
import { MiniSearchBaseline } from './lib/search-minisearch.js';
import { queryMix, type MixQuery } from './lib/search-mix.js';

const args = parseArgs({
  sizes: { default: '10000,100000', help: 'in-process catalog sizes (comma-separated)' },
  'pg-events': { default: 100_000, help: 'events for the PostgreSQL full-text run (0: skip)' },
  pg: { default: process.env.BOXOFFICE_BENCH_PG ?? process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test', help: 'PostgreSQL URL' },
  'pg-schema': { default: '', help: 'keep the loaded catalog in this schema and reuse it when it already holds --pg-events events (default: a fresh schema, dropped after)' },
  'pg-baseline': { default: false, help: 'also run the PostgreSQL adapter with every match ranked and counted (exactMatchLimit: Infinity), as the baseline of the bounded plans' },
  queries: { default: 1000, help: 'queries in the mix' },
  warmup: { default: 300, help: 'untimed queries first' },
  'warmup-seed': { default: 0, help: 'draw the warm-up queries from another mix (this seed) instead of the timed one, so no timed query was asked before' },
  json: { default: '', help: 'also write the results as JSON to this file' },
});

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};
const ms = (t: number) => performance.now() - t;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0;
};

interface Latencies {
  all: number[];
  byKind: Record<string, number[]>;
}

async function measure(mix: readonly MixQuery[], warmup: number, run: (q: MixQuery) => Promise<unknown> | unknown): Promise<Latencies> {
  const warm = warmMix.get(mix) ?? mix;
  for (let i = 0; i < warmup; i++) await run(warm[i % warm.length]!);
  const out: Latencies = { all: [], byKind: {} };
  for (const q of mix) {
    const t = performance.now();
    await run(q);
    const d = ms(t);
    out.all.push(d);
    (out.byKind[q.label] ??= []).push(d);
  }
  return out;
}

const summary = (l: Latencies) => ({
  p50: +pct(l.all, 50).toFixed(2),
  p99: +pct(l.all, 99).toFixed(2),
  byKind: Object.fromEntries(Object.entries(l.byKind).map(([k, v]) => [k, { p50: +pct(v, 50).toFixed(2), p99: +pct(v, 99).toFixed(2) }])),
});

const results: Record<string, unknown>[] = [];
/** With --warmup-seed: each timed mix's warm-up mix, from the same catalog. */
const warmMix = new Map<readonly MixQuery[], readonly MixQuery[]>();
const mixFor = (catalog: ReturnType<typeof generateCatalog>): MixQuery[] => {
  const mix = queryMix(catalog, args.queries);
  if (args['warmup-seed'] > 0) warmMix.set(mix, queryMix(catalog, args.queries, args['warmup-seed']));
  return mix;
};
console.log(`search benchmark — node ${process.version}, ${os.cpus().length} cores, ${args.queries} queries per engine\n`);

for (const size of String(args.sizes).split(',').map(Number).filter((n) => n > 0)) {
  const catalog = generateCatalog({ events: size, seed: 1 });
  const mix = mixFor(catalog);
  const store = new MemoryStore();
  await loadCatalog(store, catalog);
  const records = await readCatalog(store);

  let heap = heapMb();
  let t = performance.now();
  const lunr = new LunrSearchIndex({ store });
  await lunr.refresh();
  const lunrBuild = ms(t);
  const lunrHeap = heapMb() - heap;
  const service = new SearchService(lunr);
  const lunrLat = await measure(mix, args.warmup, (q) => (q.kind === 'suggest' ? service.suggest(q.prefix) : service.search(q.input)));

  // A saved index, as a one-shot CLI call on the embedded store would load it.
  const dir = await mkdtemp(join(tmpdir(), 'bo-bench-'));
  const persistPath = join(dir, 'index.bin');
  const saver = new LunrSearchIndex({ store, persistPath });
  await saver.refresh();
  await saver.close();
  t = performance.now();
  const loaded = new LunrSearchIndex({ store, persistPath });
  await new SearchService(loaded).search({ keyword: 'jazz' });
  const lunrLoad = ms(t);
  await loaded.close();
  await rm(dir, { recursive: true, force: true });
  await lunr.close();

  heap = heapMb();
  t = performance.now();
  const mini = new MiniSearchBaseline(records);
  const miniBuild = ms(t);
  const miniHeap = heapMb() - heap;
  const miniLat = await measure(mix, args.warmup, (q) => mini.run(q));

  const row = {
    events: size,
    lunr: { buildMs: Math.round(lunrBuild), heapMb: Math.round(lunrHeap), loadSavedMs: Math.round(lunrLoad), ...summary(lunrLat) },
    minisearch: { buildMs: Math.round(miniBuild), heapMb: Math.round(miniHeap), ...summary(miniLat) },
  };
  results.push(row);
  console.log(`${size.toLocaleString('en')} events in-process`);
  console.log(`  ours (lunr)  build ${row.lunr.buildMs} ms  heap ${row.lunr.heapMb} MB  load saved ${row.lunr.loadSavedMs} ms  p50 ${row.lunr.p50} ms  p99 ${row.lunr.p99} ms`);
  console.log(`  MiniSearch   build ${row.minisearch.buildMs} ms  heap ${row.minisearch.heapMb} MB  p50 ${row.minisearch.p50} ms  p99 ${row.minisearch.p99} ms`);
  console.log(`  p99 ratio ours/MiniSearch: ${(row.lunr.p99 / row.minisearch.p99).toFixed(2)}`);
  for (const kind of Object.keys(row.lunr.byKind)) {
    const a = row.lunr.byKind[kind]!;
    const b = row.minisearch.byKind[kind]!;
    console.log(`    ${kind.padEnd(14)} ours p50 ${a.p50} / p99 ${a.p99} ms   MiniSearch p50 ${b.p50} / p99 ${b.p99} ms`);
  }
}

if (args['pg-events'] > 0) {
  const keep = args['pg-schema'] !== '';
  const schema = keep ? args['pg-schema'] : `bo_bench_search_${randomBytes(4).toString('hex')}`;
  let store;
  try {
    store = await openPostgresStore({ connectionString: args.pg, schema, maxConnections: 4 });
  } catch (error) {
    console.log(`\nPostgreSQL unreachable (${(error as Error).message}): full-text run skipped`);
  }
  if (store) {
    try {
      const catalog = generateCatalog({ events: args['pg-events'], seed: 1 });
      const mix = mixFor(catalog);
      const t = performance.now();
      let last = 0;
      const present = await countEvents(args.pg, schema);
      if (present === 0) {
        await loadCatalog(store, catalog, {
          batchSize: 1000,
          onProgress: (p) => {
            if (p.events - last >= 100_000 || p.events === p.total) {
              last = p.events;
              console.error(`  loaded ${p.events} events (${Math.round(ms(t) / 1000)} s)`);
            }
          },
        });
      } else if (present !== args['pg-events']) {
        throw new Error(`schema ${schema} holds ${present} events, not ${args['pg-events']}: drop it or name another`);
      } else {
        console.error(`  reusing the ${present} events already loaded in schema ${schema}`);
      }
      const loadMs = present === 0 ? ms(t) : Number.NaN;
      const client = new pg.Client({ connectionString: args.pg, options: `-c search_path=${schema}` });
      await client.connect();
      // As autovacuum would after a bulk load: hint bits, visibility map, statistics. Only this
      // schema's search tables: a bare VACUUM would walk every schema in the database.
      await client.query('VACUUM ANALYZE event_search, events, search_words, search_suggestions, search_suggestion_keys');
      const index = new PostgresSearchIndex({ store });
      const service = new SearchService(index);
      const lat = await measure(mix, args.warmup, (q) => (q.kind === 'suggest' ? service.suggest(q.prefix) : service.search(q.input)));
      const { rows } = await client.query<{ mb: number }>(
        `SELECT (pg_total_relation_size('event_search') + pg_total_relation_size('search_words')
               + pg_total_relation_size('search_suggestions') + pg_total_relation_size('search_suggestion_keys'))::float / 1e6 AS mb`,
      );
      await client.end();
      const row = { events: args['pg-events'], postgres: { loadMs: present === 0 ? Math.round(loadMs) : null, searchTablesMb: Math.round(rows[0]?.mb ?? 0), ...summary(lat) } };
      results.push(row);
      console.log(`\n${row.events.toLocaleString('en')} events on PostgreSQL (full text)`);
      console.log(`  load (catalog + search triggers) ${present === 0 ? `${Math.round(loadMs / 1000)} s` : 'reused'}  search tables ${row.postgres.searchTablesMb} MB  p50 ${row.postgres.p50} ms  p99 ${row.postgres.p99} ms`);
      await index.close();
      let exact: ReturnType<typeof summary> | undefined;
      if (args['pg-baseline']) {
        // Same schema, same mix, every match ranked and counted: what the bounded plans replace.
        const unbounded = new PostgresSearchIndex({ store, exactMatchLimit: Number.POSITIVE_INFINITY });
        const exactService = new SearchService(unbounded);
        exact = summary(await measure(mix, args.warmup, (q) => (q.kind === 'suggest' ? exactService.suggest(q.prefix) : exactService.search(q.input))));
        await unbounded.close();
        Object.assign(row, { postgresExact: exact });
        console.log(`  baseline (every match ranked and counted)  p50 ${exact.p50} ms  p99 ${exact.p99} ms`);
        console.log(`  p99 ratio ours/baseline: ${(row.postgres.p99 / exact.p99).toFixed(2)}`);
      }
      for (const [kind, v] of Object.entries(row.postgres.byKind)) {
        const b = exact?.byKind[kind];
        console.log(`    ${kind.padEnd(14)} p50 ${v.p50} / p99 ${v.p99} ms${b ? `   baseline p50 ${b.p50} / p99 ${b.p99} ms` : ''}`);
      }
    } finally {
      await store.close();
      if (!keep) await dropSchema({ connectionString: args.pg, schema });
    }
  }
}

async function countEvents(url: string, schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".events`);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

if (args.json) await writeFile(args.json, `${JSON.stringify(results, null, 2)}\n`);
