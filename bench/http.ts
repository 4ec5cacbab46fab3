/**
 * `pnpm bench http`: the server over HTTP and WebSocket, each figure beside a baseline run in
 * the same benchmark (the machine is noisy):
 *   1. cached `GET /events/:id` of a 50,000-seat event (gzip) — req/s, p50/p99, bytes — beside
 *      a bare node:http server sending the very bytes ours sent (status, headers, body);
 *   2. the 304 path (If-None-Match), beside the bare server's 304;
 *   3. holds/s through `POST /holds` on PostgreSQL (the SDK's remote client), beside the same
 *      holds through the SDK in this process over the same schema; every run verified;
 *   4. one seat-map diff reaching N WebSocket clients (default 10,000) of `/events/:id/live`,
 *      beside a bare `ws` server broadcasting one message to as many clients;
 *   5. one queue update (an admission: the counter every waiting client's position is read
 *      from) reaching N clients of `/live`, through the real Redis queue.
 * The server runs in its own process (PostgreSQL + Redis); autocannon and the clients run here.
 * Options: `--help`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { get as httpGet, request as httpRequest } from 'node:http';
import { dropSchema, openPostgresStore } from '@boxoffice/sdk/postgres';
import { createTestGateway, signToken, connect, createBoxOffice, stadiumSeatMap } from '@boxoffice/sdk';
import { parseArgs } from './lib/args.js';
import { cannon, type CannonResult } from './lib/autocannon-run.js';
import { median, runLoad } from './lib/load.js';
import { spawnListening, type Spawned } from './lib/processes.js';
import { connectClients, percentile } from './lib/ws-fanout.js';

const args = parseArgs({
  rounds: { default: 3, help: 'rounds of each comparison, ours and the baseline interleaved' },
  seconds: { default: 5, help: 'seconds of each autocannon run' },
  connections: { default: 50, help: 'autocannon connections for the GET runs' },
  'hold-seconds': { default: 6, help: 'seconds of each holds run' },
  'hold-clients': { default: 32, help: 'concurrent holders' },
  clients: { default: 10_000, help: 'WebSocket clients in parts 4 and 5' },
  'ws-rounds': { default: 5, help: 'diffs (and queue updates) timed per part' },
  json: { default: '', help: 'also write the results as JSON to this file' },
  parts: { default: '1,2,3,4,5', help: 'which parts to run, comma-separated (1 and 2 run together)' },
});
const parts = new Set(args.parts.split(',').map((p) => Number(p.trim())));
if ([...parts].some((p) => !Number.isInteger(p) || p < 1 || p > 5)) {
  console.error(`--parts: expected numbers 1-5, got ${args.parts}`);
  process.exit(2);
}

const PG_URL = process.env.BOXOFFICE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BOXOFFICE_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = randomBytes(24).toString('hex');
const schema = `bo_bench_http_${randomBytes(4).toString('hex')}`;
const here = fileURLToPath(new URL('.', import.meta.url));
const tsx = import.meta.resolve('tsx');
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'timed out');
/** A copy the catalog schema accepts (the helper returns readonly arrays). */
const seatMap = (shape: { sections: number; rows: number; seatsPerRow: number }) => ({
  sections: stadiumSeatMap(shape).sections.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r })) })),
});
/** A GET with the raw (still gzip) body: fetch() would decompress it. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}
function post(url: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end(body);
  });
}
/**
 * The remote clients that take part in a measurement make one try per call: a retry would hide
 * a failure (a dropped connection, a 503) inside a slower success and distort the figure, and
 * the generated Idempotency-Key a keyed retry needs is a store write the in-process side lacks.
 */
const RETRY_OFF = { retry: false } as const;
const token = (userId: string, role: 'user' | 'admin' = 'user') => signToken(SECRET, { userId, role, ttlSeconds: 3600 });

console.log(`machine: ${os.cpus().length} cores, node ${process.version}; load ${os.loadavg()[0]?.toFixed(1)}; schema ${schema}`);
// The schema exists, migrated, before the server opens it.
await (await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 1 })).close();
const processes: Spawned[] = [];
const results: Record<string, unknown> = {};
try {
  const server = await spawnListening(['--import', tsx, join(here, 'lib/http-server-process.ts')], {
    BO_STORE: `${PG_URL}?schema=${schema}`,
    BO_REDIS: REDIS_URL,
    BO_SECRET: SECRET,
  });
  processes.push(server);
  // Also the admission tick that part 5 measures: one try per call (RETRY_OFF).
  const admin = connect(server.url, { token: token('bench-admin', 'admin'), ...RETRY_OFF });
  const venue = await admin.venues.create({ name: 'Bench Stadium', city: 'Porto', lat: 41.16, lon: -8.58, seatMap: seatMap({ sections: 50, rows: 25, seatsPerRow: 40 }) });
  const newEvent = (title: string, venueId = venue.id) =>
    admin.events.create({ title, startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), venueId, prices: { premium: 12000, standard: 8000, value: 4500 }, maxTicketsPerUser: null });

  // 1 + 2. The cached view, and its 304.
  if (parts.has(1) || parts.has(2)) {
    const viewed = await newEvent('Cached view');
    const path = `/events/${viewed.id}`;
    const first = await rawGet(`${server.url}${path}`, { 'accept-encoding': 'gzip' });
    const body = first.body;
    const headers = Object.fromEntries(Object.entries(first.headers).filter(([k]) => ['content-type', 'content-encoding', 'etag', 'cache-control', 'vary'].includes(k)));
    const etag = String(headers.etag);
    if (first.status !== 200 || headers['content-encoding'] !== 'gzip') throw new Error(`expected a gzip 200, got ${first.status} ${String(headers['content-encoding'])}`);
    const capture = join(mkdtempSync(join(os.tmpdir(), 'bo-bench-')), 'view.json');
    writeFileSync(capture, JSON.stringify({ headers: { ...headers, 'content-length': String(body.length) }, bodyBase64: body.toString('base64') }));
    const bare = await spawnListening([join(here, 'lib/bare-server.mjs'), capture]);
    processes.push(bare);
    console.log(`\n1-2. GET ${path}: ${fmt(body.length)} bytes gzip, ${args.connections} connections, ${args.seconds} s per run`);
    const get = { ours: [] as CannonResult[], bare: [] as CannonResult[], ours304: [] as CannonResult[], bare304: [] as CannonResult[] };
    const gz = { 'accept-encoding': 'gzip' };
    for (let round = 1; round <= args.rounds; round++) {
      const run = (url: string, extra: Record<string, string> = {}) => cannon({ url: `${url}${path}`, connections: args.connections, duration: args.seconds, headers: { ...gz, ...extra } });
      get.bare.push(await run(bare.url));
      get.ours.push(await run(server.url));
      get.bare304.push(await run(bare.url, { 'if-none-match': etag }));
      get.ours304.push(await run(server.url, { 'if-none-match': etag }));
      const line = (name: string, r: CannonResult) => `${name} ${fmt(r.rps).padStart(7)} req/s p50 ${r.p50} ms p99 ${r.p99} ms ${JSON.stringify(r.status)}${r.errors ? ` errors ${r.errors}` : ''}`;
      console.log(`  round ${round}: ${line('bare', get.bare.at(-1)!)}\n           ${line('ours', get.ours.at(-1)!)}`);
      console.log(`           ${line('bare 304', get.bare304.at(-1)!)}\n           ${line('ours 304', get.ours304.at(-1)!)}`);
    }
    for (const r of get.ours) if (r.errors || Object.keys(r.status).some((c) => c !== '200')) throw new Error(`ours: not every GET was a 200: ${JSON.stringify(r.status)}`);
    for (const r of get.ours304) if (r.errors || Object.keys(r.status).some((c) => c !== '304')) throw new Error(`ours: not every conditional GET was a 304: ${JSON.stringify(r.status)}`);
    const ratio = (a: CannonResult[], b: CannonResult[]) => median(a.map((r) => r.rps)) / median(b.map((r) => r.rps));
    results.get = {
      bytes: body.length,
      ours: median(get.ours.map((r) => r.rps)),
      bare: median(get.bare.map((r) => r.rps)),
      ratio: ratio(get.ours, get.bare),
      perRound: get.ours.map((r, i) => r.rps / get.bare[i]!.rps),
      p99: { ours: median(get.ours.map((r) => r.p99)), bare: median(get.bare.map((r) => r.p99)) },
      notModified: {
        ours: median(get.ours304.map((r) => r.rps)),
        bare: median(get.bare304.map((r) => r.rps)),
        ratio: ratio(get.ours304, get.bare304),
        perRound: get.ours304.map((r, i) => r.rps / get.bare304[i]!.rps),
      },
    };
    await bare.stop();
  }

  // 3. Holds through HTTP, beside the same holds through the SDK in this process.
  if (parts.has(3)) {
    console.log(`\n3. holds of 2 adjacent seats on a 50,000-seat event: ${args['hold-clients']} clients, ${args['hold-seconds']} s per run`);
    const local = createBoxOffice({ store: await openPostgresStore({ connectionString: PG_URL, schema, migrate: false, maxConnections: args['hold-clients'] }), payments: createTestGateway() });
    const holds = { http: [] as number[], sdk: [] as number[] };
    const buyer = token('bench-buyer');
    for (let round = 1; round <= args.rounds; round++) {
      for (const via of ['sdk', 'http'] as const) {
        const event = await newEvent(`Holds ${via} ${round}`);
        const seats = (await admin.events.tickets(event.id)).sort((a, b) => (a.section + a.row).localeCompare(b.section + b.row) || a.seat! - b.seat!);
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < seats.length; i += 2) if (seats[i]!.row === seats[i + 1]!.row) pairs.push([seats[i]!.id, seats[i + 1]!.id]);
        let next = 0;
        // The same closed loop both ways: in-process `bo.holds.create`, or the remote client's (HTTP).
        const bo = via === 'sdk' ? local : connect(server.url, { token: buyer, connections: args['hold-clients'], ...RETRY_OFF });
        const load = await runLoad({
          workers: args['hold-clients'],
          seconds: args['hold-seconds'],
          attempt: async () => {
            const pair = pairs[next++];
            if (!pair) return 'done';
            await bo.holds.create({ eventId: event.id, ticketIds: pair }, { userId: 'bench-buyer' });
            return 'ok';
          },
        });
        if (via === 'http') await bo.close();
        const ok = load.ok;
        const refused = load.refused + Object.values(load.unexpected).reduce((a, b) => a + b, 0);
        const seconds = load.seconds;
        // Verified: the audit is clean and exactly the seats of the successful holds are RESERVED.
        const audit = await admin.operations.audit(event.id);
        const reserved = (await admin.events.tickets(event.id)).filter((t) => t.status === 'RESERVED').length;
        if (!audit.ok || reserved !== ok * 2) throw new Error(`${via} round ${round}: audit ${audit.ok ? 'ok' : 'FAILED'}, ${reserved} reserved for ${ok} holds`);
        holds[via].push(ok / seconds);
        console.log(`  round ${round} ${via.padEnd(4)} ${fmt(ok / seconds).padStart(6)} holds/s (${ok} holds, ${refused} failed; verified: audit clean, ${reserved} seats reserved)`);
      }
    }
    await local.close();
    results.holds = { http: median(holds.http), sdk: median(holds.sdk), ratio: median(holds.http) / median(holds.sdk), perRound: holds.http.map((h, i) => h / holds.sdk[i]!) };
  }

  // 4. One diff to N live clients, beside a bare ws broadcast.
  const smallVenue = await admin.venues.create({ name: 'Bench Club', city: 'Porto', lat: 41.15, lon: -8.61, seatMap: seatMap({ sections: 4, rows: 10, seatsPerRow: 25 }) });
  const live = await newEvent('Live fan-out', smallVenue.id);
  const liveSeats = await admin.events.tickets(live.id);
  const wsUrl = server.url.replace(/^http/, 'ws');
  const summarize = (runs: number[][]) => ({ p50: median(runs.map((t) => percentile(t, 50))), p95: median(runs.map((t) => percentile(t, 95))), max: Math.max(...runs.map((t) => percentile(t, 100))) });
  if (parts.has(4)) {
    console.log(`\n4. one diff to ${fmt(args.clients)} clients of /events/:id/live (a ${liveSeats.length}-seat event)`);
    const fanout = { ours: [] as number[][], bare: [] as number[][] };
    const bareWs = await spawnListening([join(here, 'lib/bare-ws-server.mjs')]);
    processes.push(bareWs);
    const holder = connect(server.url, { token: token('ws-holder'), ...RETRY_OFF });
    const settle = () => new Promise((r) => setTimeout(r, 500)); // connections made or closed have settled on both sides
    const holdMs: number[] = []; // how long the hold's own answer took (the diff may arrive before it)
    // Rounds alternate (the machine is noisy): the bare broadcast, then ours, each to fresh clients.
    for (let round = 0; round < args['ws-rounds']; round++) {
      {
        const clients = await connectClients(args.clients, () => bareWs.url.replace(/^http/, 'ws'));
        await settle();
        const message = JSON.stringify({ type: 'diff', seq: round + 1, changes: [[liveSeats[round]!.id, 'R']] });
        fanout.bare.push(await clients.measure((_, m) => m === message, () => post(`${bareWs.url}/broadcast`, message)));
        await clients.close();
        await settle();
      }
      {
        const clients = await connectClients(args.clients, () => `${wsUrl}/events/${live.id}/live`);
        await settle();
        const seat = liveSeats[round]!.id;
        const hold = async () => {
          const started = performance.now();
          await holder.holds.create({ eventId: live.id, ticketIds: [seat] }, { userId: 'ws-holder' });
          holdMs.push(performance.now() - started);
        };
        fanout.ours.push(await clients.measure((_, m) => m.includes(seat), hold));
        await clients.close();
        await settle();
      }
      const [bare, ours] = [fanout.bare.at(-1)!, fanout.ours.at(-1)!];
      console.log(`  round ${round + 1}: bare p50 ${ms(percentile(bare, 50))} p95 ${ms(percentile(bare, 95))}; ours p50 ${ms(percentile(ours, 50))} p95 ${ms(percentile(ours, 95))}, hold answered in ${ms(holdMs.at(-1)!)} (load ${os.loadavg()[0]?.toFixed(1)})`);
    }
    await holder.close();
    await bareWs.stop();
    results.liveDiff = { clients: args.clients, ours: summarize(fanout.ours), bare: summarize(fanout.bare), p95PerRound: fanout.ours.map((t) => percentile(t, 95)), bareP95PerRound: fanout.bare.map((t) => percentile(t, 95)) };
  }

  // 5. One queue update to N clients of /live, through the Redis queue.
  if (parts.has(5)) {
    console.log(`\n5. one queue update (an admission) to ${fmt(args.clients)} clients of /live`);
    await admin.queue.configure(live.id, { enabled: true, admissionRate: 100_000, tickMs: 10 });
    const queueRuns: number[][] = [];
    {
      const clients = await connectClients(args.clients, (i) => `${wsUrl}/live?access_token=${token(`watcher-${i}`)}`, { greeted: false });
      for (let round = 0; round < args['ws-rounds']; round++) {
        const userId = `joiner-${round}`;
        const joiner = connect(server.url, { token: token(userId), ...RETRY_OFF });
        await joiner.queue.join({ eventId: live.id }, { userId });
        await joiner.close();
        await new Promise((r) => setTimeout(r, 20)); // past the 10 ms tick interval
        queueRuns.push(await clients.measure((_, m) => m.includes('"queue.admitted"'), () => admin.queue.admit()));
      }
      await clients.close();
    }
    results.queueUpdate = { clients: args.clients, ...summarize(queueRuns), p95PerRound: queueRuns.map((t) => percentile(t, 95)) };
    for (const [i, t] of queueRuns.entries()) console.log(`  ${i + 1}: p50 ${ms(percentile(t, 50))}  p95 ${ms(percentile(t, 95))}  max ${ms(percentile(t, 100))}`);
  }
  await admin.close();
} finally {
  for (const p of processes) await p.stop().catch(() => undefined);
  await dropSchema({ connectionString: PG_URL, schema }).catch(() => undefined);
}

const r = results as {
  get?: { bytes: number; ours: number; bare: number; ratio: number; perRound: number[]; p99: { ours: number; bare: number }; notModified: { ours: number; bare: number; ratio: number; perRound: number[] } };
  holds?: { http: number; sdk: number; ratio: number; perRound: number[] };
  liveDiff?: { clients: number; ours: { p50: number; p95: number; max: number }; bare: { p50: number; p95: number; max: number } };
  queueUpdate?: { clients: number; p50: number; p95: number; max: number };
};
console.log(`\nsummary (medians of ${args.rounds} rounds per GET and holds part, ${args['ws-rounds']} per WebSocket part; load ${os.loadavg()[0]?.toFixed(1)} at the end)`);
if (r.get) console.log(`  cached GET, ${fmt(r.get.bytes)} B gzip: ours ${fmt(r.get.ours)} req/s, bare ${fmt(r.get.bare)} req/s: ${r.get.ratio.toFixed(2)}× (goal ≥ 0.7; per round ${r.get.perRound.map((x) => x.toFixed(2)).join(', ')}); p99 ${r.get.p99.ours} vs ${r.get.p99.bare} ms`);
if (r.get) console.log(`  304: ours ${fmt(r.get.notModified.ours)} req/s, bare ${fmt(r.get.notModified.bare)} req/s: ${r.get.notModified.ratio.toFixed(2)}× (per round ${r.get.notModified.perRound.map((x) => x.toFixed(2)).join(', ')})`);
if (r.holds) console.log(`  holds: HTTP ${fmt(r.holds.http)}/s, SDK in-process ${fmt(r.holds.sdk)}/s: ${r.holds.ratio.toFixed(2)}× (per round ${r.holds.perRound.map((x) => x.toFixed(2)).join(', ')}); zero oversell, every run verified`);
if (r.liveDiff) console.log(`  live diff to ${fmt(r.liveDiff.clients)} clients: p50 ${ms(r.liveDiff.ours.p50)} p95 ${ms(r.liveDiff.ours.p95)} (goal ≤ 250 ms); bare ws broadcast p50 ${ms(r.liveDiff.bare.p50)} p95 ${ms(r.liveDiff.bare.p95)}`);
if (r.queueUpdate) console.log(`  queue update to ${fmt(r.queueUpdate.clients)} clients: p50 ${ms(r.queueUpdate.p50)} p95 ${ms(r.queueUpdate.p95)}`);
if (args.json) writeFileSync(args.json, JSON.stringify({ when: new Date().toISOString(), args, results }, null, 2));
