/**
 * `pnpm bench holds`: holds/s on real PostgreSQL for a hot 50,000-seat event, 32 concurrent
 * buyers taking 2 adjacent seats each through `bo.holds.create` (the per-user cap on, as in
 * production), beside two baselines measured in the same run on their own fresh events:
 *   (a) a plain single-row conditional UPDATE, autocommit: this database's own ceiling here;
 *   (b) the same 2-seat holds serialised by one per-event advisory lock.
 * Ours runs twice, with the store's `batchHolds` on (the default) and off; then confirms/s
 * (hold + confirm with tok_visa, both ways) and the time to create a 50,000-seat event. Runs are interleaved round by round (the machine is
 * noisy), every run is verified for zero oversell, and the schema is dropped at the end.
 *
 * Imports the SDK's public entries (run `pnpm build` first). Options: `pnpm bench holds --help`.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { dropSchema, openPostgresStore, type PostgresStore } from '@boxoffice/sdk/postgres';
import { createTestGateway, createBoxOffice, stadiumSeatMap } from '@boxoffice/sdk';
import { parseArgs } from './lib/args.js';
import { adjacentPairs, advisoryHolds, plainUpdates, serviceConfirms, serviceHolds, type LoadOptions, type Run } from './lib/holds-contenders.js';
import { cpuPerOp, sampleCpu } from './lib/cpu.js';
import { median } from './lib/load.js';
import { verifyEvent } from './lib/verify.js';

const args = parseArgs({
  seconds: { default: 8, help: 'seconds per measured run' },
  rounds: { default: 2, help: 'rounds; each runs every contender once, interleaved' },
  workers: { default: 32, help: 'concurrent clients of every contender' },
  overlap: { default: 0.05, help: 'share of requests that repeat seats just handed to another buyer' },
  'in-flight': { default: 1, help: 'batches in flight at once per store (batched contenders)' },
  only: { default: '', help: `comma-separated contenders to run (of ${'a,ours,batched,b,confirm,confirm-batched'})` },
  json: { default: '', help: 'also write the results as JSON to this file' },
});

const CONTENDERS = {
  a: '(a) single-row conditional UPDATE',
  ours: 'ours, batchHolds off: bo.hold',
  batched: 'ours, batchHolds on (default): bo.hold',
  b: '(b) per-event advisory lock',
  confirm: 'confirms, batchHolds off',
  'confirm-batched': 'confirms, batchHolds on (default)',
} as const;
type Contender = keyof typeof CONTENDERS;
const order = (Object.keys(CONTENDERS) as Contender[]).filter((c) => args.only === '' || args.only.split(',').includes(c));
if (order.length === 0) {
  console.error(`--only names none of: ${Object.keys(CONTENDERS).join(', ')}`);
  process.exit(2);
}

const PG_URL = process.env.BOXOFFICE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const SHAPE = { sections: 50, rows: 25, seatsPerRow: 40 };
const schema = `bo_bench_${randomBytes(4).toString('hex')}`;
const load: Omit<LoadOptions, 'seed'> = { workers: args.workers, seconds: args.seconds, overlap: args.overlap };

interface Result {
  contender: Contender;
  round: number;
  rate: number;
  ok: number;
  refused: number;
  seconds: number;
  exhausted: boolean;
  createSeconds: number;
  /** The machine's 1-minute load average after the run (2 cores: above ~2, others were busy too). */
  load: number;
  /** CPU milliseconds per successful operation: this process, and the run's PostgreSQL backends. */
  cpu: { nodeMs: number; pgMs: number };
  batches?: { batches: number; batchedRequests: number; singles: number; fallbacks: number };
}
const results: Result[] = [];
const problems: string[] = [];

const admin = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 4, batchHolds: false });
const adminBo = createBoxOffice({ store: admin, payments: createTestGateway(), ownsStore: false });
const adminPool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
try {
  const { rows } = await adminPool.query<{ v: string }>('SELECT current_setting($1) AS v', ['server_version']);
  console.log(`pnpm bench holds — ${new Date().toISOString()}`);
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GB; node ${process.version}; PostgreSQL ${rows[0]?.v}`);
  console.log(`schema ${schema}; ${args.rounds} rounds × ${args.seconds} s per run; ${args.workers} clients; overlap ${args.overlap}\n`);
  const venue = await adminBo.venues.create({ name: 'Bench Stadium', city: 'Lisbon', country: 'PT', lat: 38.75, lon: -9.18, seatMap: seatMapInput() });

  for (let round = 1; round <= args.rounds; round++) {
    for (const contender of order) {
      const started = performance.now();
      const event = await adminBo.events.create({
        title: `Bench ${contender} ${round}`,
        venueId: venue.id,
        startsAt: '2035-06-01T20:00:00Z',
        currency: 'EUR',
        prices: { premium: 12_000, standard: 8_000, value: 4_500 },
      });
      const createSeconds = (performance.now() - started) / 1000;
      const tickets = await admin.getTickets(event.id);
      // Start each run from a flushed buffer pool, so no run pays for the previous one's checkpoint.
      await adminPool.query('CHECKPOINT').catch(() => undefined);
      const opts: LoadOptions = { ...load, seed: round * 7919 };
      const tag = `${contender}${round}`;
      let run: Run;
      let batches: Result['batches'];
      // Each run on a pool of its own, named, so the CPU of its backends can be told apart.
      const appName = `bo_bench_${tag}`;
      const pool = new pg.Pool({ connectionString: PG_URL, max: args.workers, application_name: appName, options: `-c search_path=${schema}` });
      let cpu: { nodeMs: number; pgMs: number };
      try {
        await Promise.all(Array.from({ length: args.workers }, () => pool.query('SELECT 1')));
        const before = await sampleCpu(adminPool, appName);
        if (contender === 'a' || contender === 'b') {
          run = contender === 'a' ? await plainUpdates(pool, tickets.map((t) => t.id), opts, tag) : await advisoryHolds(pool, event.id, adjacentPairs(tickets), opts, tag);
        } else {
          const batch = contender === 'batched' || contender === 'confirm-batched';
          const store: PostgresStore = await openPostgresStore({ pool, migrate: false, batchHolds: batch ? { maxInFlight: args['in-flight'] } : false });
          const bo = createBoxOffice({ store, payments: createTestGateway() });
          try {
            const pairs = adjacentPairs(tickets);
            run = contender.startsWith('confirm') ? await serviceConfirms(bo, event.id, pairs, opts, tag) : await serviceHolds(bo, event.id, pairs, opts, tag);
            batches = store.holdBatchStats;
          } finally {
            await bo.close();
          }
        }
        cpu = cpuPerOp(before, await sampleCpu(adminPool, appName), run.load.ok);
      } finally {
        await pool.end();
      }
      const found = await verifyEvent(adminPool, admin, event.id, run.expected);
      for (const [code, n] of Object.entries(run.load.unexpected)) found.push(`${n} unexpected errors ${code}`);
      problems.push(...found.map((p) => `round ${round} ${contender}: ${p}`));
      const { ok, refused, seconds, exhausted, rate } = run.load;
      const loadAvg = os.loadavg()[0] ?? 0;
      results.push({ contender, round, rate, ok, refused, seconds, exhausted, createSeconds, load: loadAvg, cpu, ...(batches ? { batches } : {}) });
      const perBatch = batches && batches.batches > 0 ? `, ${(batches.batchedRequests / batches.batches).toFixed(1)} holds per batch` : '';
      console.log(
        `round ${round}  ${CONTENDERS[contender].padEnd(38)} ${fmt(rate).padStart(7)} /s  (${ok} ok, ${refused} refused, ${seconds.toFixed(1)} s${exhausted ? ', sold out' : ''}${perBatch})` +
          `  cpu/op ${cpu.nodeMs.toFixed(2)} node + ${cpu.pgMs.toFixed(2)} pg ms  event created in ${createSeconds.toFixed(2)} s  load ${loadAvg.toFixed(1)}  ${found.length === 0 ? 'verified' : 'PROBLEMS'}`,
      );
    }
  }
} finally {
  await adminBo.close();
  await adminPool.end();
  await dropSchema({ connectionString: PG_URL, schema });
}

/** The stadium as venue input (the input schema takes mutable arrays). */
function seatMapInput() {
  return { sections: stadiumSeatMap(SHAPE).sections.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r })) })) };
}

function fmt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-';
}

const rates = (c: Contender) => results.filter((r) => r.contender === c).map((r) => r.rate);
const med = (c: Contender) => median(rates(c));
/** Ratio of two contenders round by round (neighbours in time), and of their medians. */
function ratio(x: Contender, y: Contender): { median: number; perRound: number[] } {
  const perRound = results.filter((r) => r.contender === x).map((r) => r.rate / (results.find((q) => q.contender === y && q.round === r.round)?.rate ?? NaN));
  return { median: med(x) / med(y), perRound };
}

console.log('\nsummary (median of rounds; min–max); ratios: of the medians, and round by round');
for (const c of order) {
  const xs = rates(c);
  console.log(`  ${CONTENDERS[c].padEnd(40)} ${fmt(med(c)).padStart(7)} /s  (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`);
}
const ratios: Record<string, { median: number; perRound: number[]; goal?: number }> = {};
const want: [Contender, Contender, number | undefined][] = [
  ['ours', 'a', 0.8],
  ['ours', 'b', 5],
  ['batched', 'a', 0.8],
  ['batched', 'b', 5],
  ['batched', 'ours', undefined],
];
for (const [x, y, goal] of want) {
  if (!order.includes(x) || !order.includes(y)) continue;
  const r = ratio(x, y);
  ratios[`${x}/${y}`] = { ...r, ...(goal === undefined ? {} : { goal }) };
  const goalText = goal === undefined ? '' : `  goal ≥ ${goal}: ${r.median >= goal ? 'met' : 'NOT met'}`;
  const name = (c: Contender) => (c === 'a' || c === 'b' ? `(${c})` : c === 'ours' ? 'ours[off]' : 'ours[on]');
  console.log(`  ${`${name(x)} / ${name(y)}`.padEnd(22)} ${r.median.toFixed(2)}  (per round: ${r.perRound.map((v) => v.toFixed(2)).join(', ')})${goalText}`);
}
console.log('  CPU per operation (median; node + PostgreSQL backends of the run, ms):');
for (const c of order) {
  const rs = results.filter((r) => r.contender === c);
  const n = median(rs.map((r) => r.cpu.nodeMs));
  const p = median(rs.map((r) => r.cpu.pgMs));
  console.log(`    ${CONTENDERS[c].padEnd(38)} ${n.toFixed(2)} + ${p.toFixed(2)} = ${(n + p).toFixed(2)}`);
}
const creates = results.map((r) => r.createSeconds);
console.log(`  50,000-seat event creation (createEvent): median ${median(creates).toFixed(2)} s (${Math.min(...creates).toFixed(2)}–${Math.max(...creates).toFixed(2)}) over ${creates.length} events`);
console.log(problems.length === 0 ? '\nzero oversell: every run verified (audit + SQL checks)' : `\nPROBLEMS:\n  ${problems.join('\n  ')}`);

if (args.json !== '') {
  const summary = Object.fromEntries(order.map((c) => [c, { median: med(c), runs: rates(c) }]));
  writeFileSync(args.json, JSON.stringify({ date: new Date().toISOString(), args, cores: os.cpus().length, results, summary, ratios, createSeconds: creates, problems }, null, 2));
}
process.exit(problems.length === 0 ? 0 : 1);
