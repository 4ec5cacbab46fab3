/**
 * `pnpm bench flood`: an anonymous flood of live sockets and snapshot requests from one
 * address against `boxoffice serve` on PostgreSQL + Redis, while a real user (another address)
 * probes `/healthz` and takes and releases a hold. In ONE run: the probes alone (the baseline),
 * then the same probes during the flood; prints both and their ratio, what the flood got
 * (sockets accepted and refused, bytes received) and the server's memory before and after.
 *
 * The flood: `--sockets` upgrades to `/events/:id/live` of a `--seats`-seat event, `--wave` at a
 * time, from 127.0.0.1 (or `--addresses N` of 127.0.1.x, to meet the per-process cap rather
 * than the per-address one) with no token; each accepted socket asks for `--snapshots` snapshots at
 * once, and one in two never reads (its TCP socket paused: a slow reader). The user probes from
 * 127.0.0.2 (the loopback network answers on every 127.x address), so the per-address caps the
 * flood meets are not the user's. Needs the built CLI (`pnpm build`). Options: `--help`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import http from 'node:http';
import WebSocket from 'ws';
import { signToken, connect } from '@boxoffice/sdk';
import { parseArgs } from './lib/args.js';
import { deployOnSale } from './lib/onsale-deployment.js';
import { createStadiumEvent } from './lib/stadium-event.js';

const args = parseArgs({
  sockets: { default: 5_000, help: 'live socket upgrades the flood attempts' },
  wave: { default: 500, help: 'upgrades in flight at once' },
  snapshots: { default: 10, help: 'snapshot requests each accepted socket sends' },
  addresses: { default: 1, help: 'client addresses the flood comes from (127.0.1.x; 1 = 127.0.0.1 only)' },
  seats: { default: 50_000, help: 'seats of the event (the snapshot\'s size)' },
  seconds: { default: 6, help: 'seconds of probing alone, before the flood' },
  json: { default: '', help: 'also write the results as JSON to this file' },
});
const PG_URL = process.env.BOXOFFICE_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.BOXOFFICE_REDIS_URL ?? 'redis://127.0.0.1:6379';
const USER_ADDRESS = '127.0.0.2';
/** The flood's i-th socket's address: 127.0.0.1, or spread over 127.0.1.1... with --addresses. */
const floodAddress = (i: number) => (args.addresses <= 1 ? '127.0.0.1' : `127.0.${1 + Math.floor((i % args.addresses) / 250)}.${1 + ((i % args.addresses) % 250)}`);

/** The user's HTTP client: keep-alive connections from USER_ADDRESS. */
class UserClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  constructor(private readonly base: URL) {}

  request(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.request({ host: this.base.hostname, port: this.base.port, path, method, headers, agent: this.agent, localAddress: USER_ADDRESS, timeout: 30_000 }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

interface Probes {
  readonly healthz: number[];
  readonly hold: number[];
  readonly failures: Map<string, number>;
}

function summary(values: readonly number[]): { n: number; p50: number; p99: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);
  return { n: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const line = (name: string, s: ReturnType<typeof summary>) => `${name.padEnd(8)} ${String(s.n).padStart(5)} probes  p50 ${ms(s.p50).padStart(9)}  p99 ${ms(s.p99).padStart(9)}  max ${ms(s.max).padStart(9)}`;

function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * The real user, until `stop()`: `/healthz` every 50 ms, and a hold of two named seats then
 * its release, one after the other, every 100 ms.
 */
function probe(client: UserClient, token: string, eventId: string, seats: readonly string[][]): { stop: () => Promise<Probes> } {
  const out: Probes = { healthz: [], hold: [], failures: new Map() };
  const fail = (what: string) => out.failures.set(what, (out.failures.get(what) ?? 0) + 1);
  let running = true;
  let next = 0;
  const loops = [
    (async () => {
      while (running) {
        const started = performance.now();
        try {
          const r = await client.request('GET', '/healthz');
          if (r.status === 200) out.healthz.push(performance.now() - started);
          else fail(`healthz ${r.status}`);
        } catch (error) {
          fail(`healthz ${(error as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    })(),
    (async () => {
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      while (running) {
        const ticketIds = seats[next++ % seats.length]!;
        const started = performance.now();
        try {
          const r = await client.request('POST', '/holds', headers, JSON.stringify({ eventId, ticketIds }));
          const id = r.status === 201 ? (JSON.parse(r.body) as { id?: string }).id : undefined;
          if (!id) {
            fail(`hold ${r.status}`);
          } else {
            out.hold.push(performance.now() - started);
            const d = await client.request('DELETE', `/holds/${id}`, { authorization: headers.authorization });
            if (d.status >= 300) fail(`release ${d.status}`);
          }
        } catch (error) {
          fail(`hold ${(error as Error).message}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })(),
  ];
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
      return out;
    },
  };
}

interface FloodResult {
  accepted: number;
  refused: Map<string, number>;
  bytes: number;
  snapshotsAsked: number;
  closedByServer: number;
  sockets: WebSocket[];
}

/** The flood: upgrades `wave` at a time; each open socket asks for snapshots, half never read. */
/** Set once the run closes the flood's sockets itself (closes after that are not the server's). */
let stopping = false;

async function flood(wsUrl: string): Promise<FloodResult> {
  const result: FloodResult = { accepted: 0, refused: new Map(), bytes: 0, snapshotsAsked: 0, closedByServer: 0, sockets: [] };
  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const ws = new WebSocket(wsUrl, { localAddress: floodAddress(i), perMessageDeflate: false });
      result.sockets.push(ws);
      let settled = false;
      // One outcome per upgrade: refused (the server's status, or the error), or accepted.
      const refuse = (why: string) => {
        if (settled) return;
        settled = true;
        result.refused.set(why, (result.refused.get(why) ?? 0) + 1);
        resolve();
      };
      ws.on('unexpected-response', (_req, res) => {
        refuse(`HTTP ${res.statusCode}`);
        res.resume();
        ws.terminate();
      });
      ws.on('error', (error) => refuse(error.message.slice(0, 60)));
      ws.on('message', (data: Buffer) => {
        result.bytes += data.length;
      });
      let open = false;
      ws.on('close', () => {
        if (open && !stopping) result.closedByServer++;
      });
      ws.on('open', () => {
        settled = true;
        open = true;
        result.accepted++;
        for (let k = 0; k < args.snapshots; k++) ws.send('{"type":"snapshot"}');
        result.snapshotsAsked += args.snapshots;
        // One in two never reads what comes back: the server must bound what it buffers for it.
        if (i % 2 === 1) (ws as unknown as { _socket: import('node:net').Socket })._socket.pause();
        resolve();
      });
    });
  for (let start = 0; start < args.sockets; start += args.wave) {
    await Promise.all(Array.from({ length: Math.min(args.wave, args.sockets - start) }, (_, k) => one(start + k)));
  }
  return result;
}

const deployment = await deployOnSale({ adminUrl: PG_URL, redisUrl: REDIS_URL, processes: 1 });
try {
  const url = deployment.urls[0]!;
  const admin = connect(url, { token: signToken(deployment.secret, { userId: 'flood-admin', role: 'admin', ttlSeconds: 3600 }) });
  const event = await createStadiumEvent(admin, 'Flood night', args.seats);
  const tickets = await admin.events.tickets(event.id);
  const seats = Array.from({ length: 50 }, (_, i) => [tickets[2 * i]!.id, tickets[2 * i + 1]!.id]);
  await admin.close();
  const pid = deployment.pids[0];

  const user = new UserClient(new URL(url));
  const token = signToken(deployment.secret, { userId: `flood-user-${randomBytes(3).toString('hex')}`, role: 'user', ttlSeconds: 3600 });
  console.log(`machine: load ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`event ${event.id}: ${tickets.length.toLocaleString('en-US')} seats; flood: ${args.sockets.toLocaleString('en-US')} upgrades (${args.wave} at a time) from ${args.addresses <= 1 ? '127.0.0.1' : `${args.addresses} addresses`}, ${args.snapshots} snapshot requests each, half never read; the user probes from ${USER_ADDRESS}\n`);

  // Warm up the paths the probes take, then the baseline.
  const warm = probe(user, token, event.id, seats);
  await new Promise((r) => setTimeout(r, 1_000));
  await warm.stop();
  const rssBefore = rssMb(pid);
  const alone = probe(user, token, event.id, seats);
  await new Promise((r) => setTimeout(r, args.seconds * 1000));
  const baseline = await alone.stop();

  const during = probe(user, token, event.id, seats);
  const floodStarted = performance.now();
  const f = await flood(`${url.replace(/^http/, 'ws')}/events/${event.id}/live`);
  const floodSeconds = (performance.now() - floodStarted) / 1000;
  // Keep the flood's sockets open (the readers reading, the others stalled) a while longer.
  await new Promise((r) => setTimeout(r, 2_000));
  const flooded = await during.stop();
  const rssAfter = rssMb(pid);
  stopping = true;
  for (const ws of f.sockets) ws.terminate();
  user.close();

  const b = { healthz: summary(baseline.healthz), hold: summary(baseline.hold) };
  const w = { healthz: summary(flooded.healthz), hold: summary(flooded.hold) };
  console.log('alone');
  console.log(`  ${line('healthz', b.healthz)}\n  ${line('hold', b.hold)}`);
  console.log(`during the flood (${floodSeconds.toFixed(1)} s of upgrades, then 2 s held open)`);
  console.log(`  ${line('healthz', w.healthz)}\n  ${line('hold', w.hold)}`);
  console.log(`  p99 during ÷ alone: healthz ${(w.healthz.p99 / b.healthz.p99).toFixed(2)}, hold ${(w.hold.p99 / b.hold.p99).toFixed(2)}; goal: both p99 ≤ 200 ms during the flood (${w.healthz.p99 <= 200 && w.hold.p99 <= 200 ? 'met' : 'NOT met'})`);
  const failures = [...baseline.failures, ...flooded.failures];
  console.log(`  the user's failures: ${failures.length === 0 ? 'none' : failures.map(([k, v]) => `${k} ×${v}`).join(', ')}`);
  console.log(`flood: ${f.accepted} sockets accepted, refused ${[...f.refused].map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}; ${f.closedByServer} accepted sockets closed by the server (slow readers dropped); ${f.snapshotsAsked.toLocaleString('en-US')} snapshots asked, ${(f.bytes / 1e6).toFixed(1)} MB received`);
  console.log(`server memory (RSS): ${rssBefore.toFixed(0)} MB before, ${rssAfter.toFixed(0)} MB after`);
  if (args.json) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(args.json, JSON.stringify({ baseline: b, flood: w, accepted: f.accepted, refused: Object.fromEntries(f.refused), bytes: f.bytes, rssBefore, rssAfter, failures }, null, 2));
  }
} finally {
  await deployment.close();
}
