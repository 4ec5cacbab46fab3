/**
 * `pnpm bench onsale`: an on-sale where users meet it — `boxoffice serve` on PostgreSQL + Redis,
 * driven over HTTP — beside the same engine in-process, in ONE run (the machine is noisy):
 *   (a) named-seat holds over HTTP: C clients each hold their own adjacent pairs of a fresh
 *       4,000-seat event (the baseline the others are read against);
 *   (b) best-available holds over HTTP: C clients ask for the best pair until the event is
 *       nearly sold; every refusal while >= 10 % of the seats are free is counted;
 *   (c) a simulated on-sale over HTTP (`boxoffice simulate --url`, --abandon-rate 0);
 *   (c') the same with --preconnect: the users' connections open before the sale (as buyers
 *        on the event page have theirs), so no user waits for a busy server to accept one;
 *   (d) the same simulation in-process on the same PostgreSQL (`boxoffice simulate --store`).
 * Every run is audited (no seat twice, every hold and booking a client was told of present).
 * PostgreSQL's wait events are sampled during (b) and (c); `--profile DIR` runs the servers
 * under `node --cpu-prof`. Needs the built CLI (`pnpm build`). Options: `--help`.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { signToken, connect, type BoxOffice, type SimulationReport } from '@boxoffice/sdk';
import { parseArgs } from './lib/args.js';
import { median, runLoad, type LoadResult } from './lib/load.js';
import { deployOnSale, type OnSaleDeployment } from './lib/onsale-deployment.js';
import { sampleWaits } from './lib/pg-waits.js';
import { createStadiumEvent } from './lib/stadium-event.js';
import { verifyEvent } from './lib/verify.js';

const args = parseArgs({
  processes: { default: 1, help: 'server processes (1, 2 or 3)' },
  rounds: { default: 1, help: 'rounds of (a), (b), (c) in turn; medians reported' },
  clients: { default: 64, help: 'concurrent HTTP clients in (a) and (b)' },
  seconds: { default: 30, help: 'most seconds of each of (a) and (b)' },
  users: { default: 20_000, help: 'virtual users of the simulations (c) and (d)' },
  concurrency: { default: 256, help: 'users in flight in the simulations' },
  seats: { default: 4_000, help: 'seats of each event' },
  parts: { default: 'a,b,c,p,d', help: 'which parts to run (p: (c) with --preconnect)' },
  pool: { default: 0, help: 'each server\'s PostgreSQL pool size (0: the store\'s default)' },
  profile: { default: '', help: 'write the servers\' CPU profiles (node --cpu-prof) into this directory' },
  json: { default: '', help: 'also write the results as JSON to this file' },
});
const parts = new Set(args.parts.split(',').map((p) => p.trim()));
if (![1, 2, 3].includes(args.processes)) {
  console.error('--processes: 1, 2 or 3');
  process.exit(2);
}
const PG_URL = process.env.BOXOFFICE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BOXOFFICE_REDIS_URL ?? 'redis://127.0.0.1:6379';
const cli = fileURLToPath(new URL('../packages/cli/bin/boxoffice.mjs', import.meta.url));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface HttpHolds {
  readonly load: LoadResult;
  readonly p50: number;
  readonly p99: number;
  /** Refusals while at least 10 % of the seats were free (best-available only). */
  readonly refusedWhileFree: number;
  readonly audit: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** (a) and (b): C clients, each a user of its own, on the servers in turn. */
async function httpHolds(d: OnSaleDeployment, admin: BoxOffice, mode: 'named' | 'best'): Promise<HttpHolds> {
  const event = await createStadiumEvent(admin, `${mode} holds`, args.seats);
  const clients = Array.from({ length: args.clients }, (_, w) =>
    // retry: false: a retried hold would hide a failure in a slower success and distort the
    // figure (and its generated Idempotency-Key is a store write the in-process run lacks).
    connect(d.urls[w % d.urls.length]!, { token: signToken(d.secret, { userId: `${mode}-${w}`, role: 'user', ttlSeconds: 3600 }), retry: false }),
  );
  const pairs: string[][] = [];
  if (mode === 'named') {
    const rows = new Map<string, { id: string; seat: number }[]>();
    for (const t of await admin.events.tickets(event.id)) {
      const key = `${t.section}/${t.row}`;
      rows.set(key, [...(rows.get(key) ?? []), { id: t.id, seat: t.seat ?? 0 }]);
    }
    for (const seats of rows.values()) {
      seats.sort((x, y) => x.seat - y.seat);
      for (let i = 0; i + 1 < seats.length; i += 2) pairs.push([seats[i]!.id, seats[i + 1]!.id]);
    }
  }
  const latencies: number[] = [];
  const holdIds: string[] = [];
  let next = 0;
  let held = 0;
  let refusedWhileFree = 0;
  let nearlySold = false;
  const load = await runLoad({
    workers: args.clients,
    seconds: args.seconds,
    attempt: async (w) => {
      if (nearlySold) return 'done';
      const ticketIds = mode === 'named' ? pairs[next++] : undefined;
      if (mode === 'named' && !ticketIds) return 'done';
      const started = performance.now();
      try {
        const hold = await clients[w]!.holds.create({ eventId: event.id, ...(ticketIds ? { ticketIds } : { best: { quantity: 2 } }) }, { userId: `${mode}-${w}` });
        latencies.push(performance.now() - started);
        holdIds.push(hold.id);
        held += hold.ticketIds.length;
        return 'ok';
      } catch (error) {
        if ((error as { code?: string }).code !== 'SEAT_UNAVAILABLE') throw error;
        if (event.seats - held >= event.seats * 0.1) refusedWhileFree++;
        else nearlySold = true;
        return 'refused';
      }
    },
  });
  await Promise.all(clients.map((c) => c.close()));
  const audit = await verifyEvent(d.pool, d.store, event.id, { activeHolds: holdIds.length, confirmedHolds: 0, looseReserved: 0, holdIds, seatsPerHold: 2 });
  latencies.sort((x, y) => x - y);
  return { load, p50: percentile(latencies, 50), p99: percentile(latencies, 99), refusedWhileFree, audit };
}

/** (c) and (d): the CLI's simulator, over HTTP or in-process on the same database. */
function simulate(target: string[]): Promise<SimulationReport> {
  const flags = ['simulate', ...target, '--users', String(args.users), '--seats', String(args.seats), '--concurrency', String(args.concurrency), '--abandon-rate', '0', '--json'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...flags], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      try {
        resolve(JSON.parse(out) as SimulationReport);
      } catch {
        reject(new Error(`simulate exited ${code} without a report: ${err.slice(-1500)}`));
      }
    });
  });
}

const simLine = (r: SimulationReport) => {
  const l = (k: string) => r.latency[k];
  return `${fmt(r.throughput.bookingsPerSecond, 1)} bookings/s, ${fmt(r.throughput.holdsPerSecond, 1)} holds/s, sold out in ${r.timeToSellOutMs === null ? 'never' : `${fmt(r.timeToSellOutMs / 1000, 1)} s`}; hold p50 ${fmt(l('hold')?.p50 ?? NaN, 1)} / p99 ${fmt(l('hold')?.p99 ?? NaN, 1)} ms, confirm p50 ${fmt(l('confirm')?.p50 ?? NaN, 1)} / p99 ${fmt(l('confirm')?.p99 ?? NaN, 1)} ms; errors ${JSON.stringify(r.errors)}; audit ${r.audit.ok ? 'OK' : 'FAILED'}`;
};
const waitsLine = (waits: Array<[string, number]>) => waits.slice(0, 6).map(([k, n]) => `${k} ${n.toFixed(2)}`).join(', ') || 'no session busy';

console.log(`machine: ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`${args.processes} server process(es); ${args.clients} clients; ${fmt(args.seats)}-seat events; simulations of ${fmt(args.users)} users, ${args.concurrency} in flight`);
const d = await deployOnSale({ adminUrl: PG_URL, redisUrl: REDIS_URL, processes: args.processes, profileDir: args.profile || undefined, serverPool: args.pool || undefined });
const adminToken = signToken(d.secret, { userId: 'bench-admin', role: 'admin', ttlSeconds: 3600 });
const admin = connect(d.urls[0]!, { token: adminToken });
const named: HttpHolds[] = [];
const best: HttpHolds[] = [];
const overHttp: SimulationReport[] = [];
const preconnected: SimulationReport[] = [];
const inProcess: SimulationReport[] = [];
const waits: Record<string, Array<[string, number]>> = {};
const problems: string[] = [];
try {
  for (let round = 1; round <= args.rounds; round++) {
    console.log(`\nround ${round}`);
    if (parts.has('a')) {
      const r = await httpHolds(d, admin, 'named');
      named.push(r);
      console.log(`  (a) named holds over HTTP:     ${fmt(r.load.rate, 1)} holds/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, ${r.load.ok} held, unexpected ${JSON.stringify(r.load.unexpected)}; audit ${r.audit.length === 0 ? 'OK' : r.audit.join('; ')}`);
      problems.push(...r.audit, ...Object.keys(r.load.unexpected).map((k) => `(a) unexpected ${k}`));
    }
    if (parts.has('b')) {
      const sampler = sampleWaits(d.databaseUrl);
      const r = await httpHolds(d, admin, 'best');
      waits.b = await sampler.stop();
      best.push(r);
      console.log(`  (b) best-available over HTTP:  ${fmt(r.load.rate, 1)} holds/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, ${r.load.ok} held, ${r.load.refused} refused (${r.refusedWhileFree} while >= 10 % free), unexpected ${JSON.stringify(r.load.unexpected)}; audit ${r.audit.length === 0 ? 'OK' : r.audit.join('; ')}`);
      console.log(`      PostgreSQL sessions (average busy, by state and wait): ${waitsLine(waits.b)}`);
      problems.push(...r.audit, ...Object.keys(r.load.unexpected).map((k) => `(b) unexpected ${k}`));
    }
    if (parts.has('c')) {
      const sampler = sampleWaits(d.databaseUrl);
      const r = await simulate(['--url', d.urls.join(','), '--token', adminToken]);
      waits.c = await sampler.stop();
      overHttp.push(r);
      console.log(`  (c) simulated on-sale, HTTP:   ${simLine(r)}`);
      console.log(`      PostgreSQL sessions (average busy, by state and wait): ${waitsLine(waits.c)}`);
      if (!r.audit.ok) problems.push('(c) audit failed');
    }
    if (parts.has('p')) {
      // The users are on the event page when the sale opens: their connections are open.
      const r = await simulate(['--url', d.urls.join(','), '--token', adminToken, '--preconnect']);
      preconnected.push(r);
      console.log(`  (c') the same, preconnected:   ${simLine(r)}`);
      if (!r.audit.ok) problems.push("(c') audit failed");
    }
  }
  if (parts.has('d')) {
    const r = await simulate(['--store', d.databaseUrl]);
    inProcess.push(r);
    console.log(`\n  (d) simulated on-sale, in-process on PostgreSQL: ${simLine(r)}`);
    if (!r.audit.ok) problems.push('(d) audit failed');
  }
} finally {
  await admin.close();
  await d.close();
}

const rate = (xs: HttpHolds[]) => median(xs.map((x) => x.load.rate));
const bookings = (xs: SimulationReport[]) => median(xs.map((x) => x.throughput.bookingsPerSecond));
const results = {
  at: new Date().toISOString(),
  load: os.loadavg(),
  processes: args.processes,
  named: named.length ? { holdsPerSecond: rate(named), p50: median(named.map((x) => x.p50)), p99: median(named.map((x) => x.p99)) } : null,
  best: best.length ? { holdsPerSecond: rate(best), p50: median(best.map((x) => x.p50)), p99: median(best.map((x) => x.p99)), refusedWhileFree: best.map((x) => x.refusedWhileFree) } : null,
  overHttp: overHttp.length ? { bookingsPerSecond: bookings(overHttp), holdP99: median(overHttp.map((r) => r.latency.hold?.p99 ?? NaN)), confirmP99: median(overHttp.map((r) => r.latency.confirm?.p99 ?? NaN)) } : null,
  preconnected: preconnected.length ? { bookingsPerSecond: bookings(preconnected), holdP99: median(preconnected.map((r) => r.latency.hold?.p99 ?? NaN)), confirmP99: median(preconnected.map((r) => r.latency.confirm?.p99 ?? NaN)) } : null,
  inProcess: inProcess.length ? { bookingsPerSecond: bookings(inProcess) } : null,
  waits,
  problems,
};
console.log('\nratios (medians over rounds)');
if (named.length && best.length) console.log(`  best-available ÷ named holds/s over HTTP:        ${(rate(best) / rate(named)).toFixed(2)} (goal >= 0.8); refusals while >= 10 % free: ${best.map((x) => x.refusedWhileFree).join(', ')} (goal 0)`);
if (named.length && overHttp.length) console.log(`  simulated bookings/s ÷ named holds/s over HTTP:  ${(bookings(overHttp) / rate(named)).toFixed(2)} (goal >= 0.5); hold p99 ${fmt(results.overHttp!.holdP99, 1)} ms (goal <= 250), confirm p99 ${fmt(results.overHttp!.confirmP99, 1)} ms (goal <= 500)`);
if (named.length && preconnected.length) console.log(`  the same, preconnected:                          ${(bookings(preconnected) / rate(named)).toFixed(2)} (goal >= 0.5); hold p99 ${fmt(results.preconnected!.holdP99, 1)} ms (goal <= 250), confirm p99 ${fmt(results.preconnected!.confirmP99, 1)} ms (goal <= 500)`);
if (overHttp.length && inProcess.length) console.log(`  simulated bookings/s over HTTP ÷ in-process:     ${(bookings(overHttp) / bookings(inProcess)).toFixed(2)}`);
console.log(`  load after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
if (args.json) (await import('node:fs')).writeFileSync(args.json, JSON.stringify(results, null, 2));
if (problems.length) {
  console.error(`\nPROBLEMS: ${problems.join('; ')}`);
  process.exit(1);
}
