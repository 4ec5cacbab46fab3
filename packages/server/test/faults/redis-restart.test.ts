import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signToken, type RemoteBoxOffice } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, hasRedisServerBinary, startRedis, stopRedis } from '../../../sdk/test/queue/private-redis.js';
import { SECRET } from '../helpers.js';
import { adminOf, createFaultEvents } from './fault-event.js';
import { spawnServer, type ServerProcess } from '../process/spawn.js';
import { count, describeTally, request, within, type LoadTally } from './on-sale-load.js';
import { canRunPrivatePostgres, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

/**
 * kill -9 of the redis-server (queue, bus, cache, rate limits: a private one, never the shared
 * 6379) in the middle of a queued on-sale served by two server processes on a private
 * PostgreSQL, then a restart without persistence and one with `--appendonly yes`. Each process
 * lives through it, answers what needed Redis with 503 (never 500, never a hang), never lets a
 * user who did not queue hold a seat, serves again within 5 s of Redis being back, and loses
 * no confirmed booking.
 */
const runnable = canRunPrivatePostgres() && hasRedisServerBinary();
const BOUND_MS = 10_000; // no answer within this is a hang
const DOWN_MS = 3_000;

type Status = Awaited<ReturnType<typeof request>>['status'];
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

async function get(url: string, token: string): Promise<{ status: Status; json: Record<string, unknown> }> {
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(BOUND_MS) });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch (error) {
    return { status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network', json: {} };
  }
}

/** The on-sale through the queue: join, wait for admission (bounded), hold with the token, confirm. */
function startQueuedLoad(urls: string[], eventId: string, workers: number, tag: string) {
  const tally: LoadTally = { counts: new Map(), codes: new Map(), confirmed: [], holdOkAt: [] };
  const note = (route: string, r: { status: Status; json: Record<string, unknown> }) => {
    bump(tally.counts, `${route} ${r.status}`);
    if (typeof r.json.code === 'string') bump(tally.codes, `${route} ${r.json.code}`);
  };
  let running = true;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const worker = async (w: number) => {
    for (let i = 0; running; i++) {
      const base = urls[(w + i) % urls.length]!;
      const token = signToken(SECRET, { userId: `${tag}${w}x${i}` });
      const joined = await request(`${base}/events/${eventId}/queue/join`, {}, token, BOUND_MS);
      note('join', joined);
      let admission = typeof joined.json.admissionToken === 'string' ? joined.json.admissionToken : undefined;
      for (let k = 0; k < 50 && running && joined.status === 200 && !admission; k++) {
        await pause(100);
        const me = await get(`${base}/events/${eventId}/queue/me`, token);
        note('me', me);
        if (me.status !== 200) break;
        if (typeof me.json.admissionToken === 'string') admission = me.json.admissionToken;
      }
      if (!admission) {
        await pause(100);
        continue;
      }
      const hold = await request(`${base}/holds`, { eventId, best: { quantity: 1 }, admissionToken: admission }, token, BOUND_MS);
      note('hold', hold);
      if (hold.status !== 201) {
        await pause(100);
        continue;
      }
      tally.holdOkAt.push(Date.now());
      const confirm = await request(`${base}/holds/${String(hold.json.id)}/confirm`, { paymentDetails: { token: 'tok_visa' } }, token, BOUND_MS);
      note('confirm', confirm);
      if (confirm.status === 201) tally.confirmed.push(String(confirm.json.bookingId ?? confirm.json.id));
      await request(`${base}/events/${eventId}/queue/leave`, {}, token, BOUND_MS);
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return { tally, stop: async () => ((running = false), await done) };
}

/** A user who never queued asks for a hold, again and again, on both processes. */
function startIntruder(urls: string[], eventId: string) {
  const seen = new Map<string, number>();
  let running = true;
  const loop = async () => {
    for (let i = 0; running && i < 10_000; i++) {
      const res = await request(`${urls[i % urls.length]!}/holds`, { eventId, best: { quantity: 1 } }, signToken(SECRET, { userId: `intruder${i}` }), BOUND_MS);
      bump(seen, `${res.status} ${String(res.json.code ?? '')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const done = loop();
  return { seen, stop: async () => ((running = false), await done) };
}

describe.skipIf(!runnable)('a Redis kill -9 and restart mid queued on-sale', () => {
  let pg: PrivatePostgres;
  let port: number;
  let redis: ChildProcess | undefined;
  const aofDir = mkdtempSync(join(tmpdir(), 'bo-fault-redis-'));
  const servers: ServerProcess[] = [];
  let admin: RemoteBoxOffice;
  let eventId: string;

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    port = await freePort();
    redis = await startRedis(port);
    const env = { BO_STORE: pg.url, BO_SECRET: SECRET, BO_REDIS: `redis://127.0.0.1:${port}` };
    servers.push(...(await Promise.all([spawnServer(env), spawnServer(env)])));
    admin = adminOf(servers[0]!.url);
    eventId = (await createFaultEvents(admin, { venue: 'Arena', rows: 20, seatsPerRow: 100, titles: ['On-sale'] }))[0]!;
    await admin.configureQueue(eventId, { enabled: true, admissionRate: 1000, maxActive: 1000 });
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await Promise.all(servers.map((s) => s.stop()));
    if (redis) await stopRedis(redis);
    pg?.destroy();
    rmSync(aofDir, { recursive: true, force: true });
  });

  /** Per process: ms until a join (which needs Redis) is answered 200 again. */
  const serving = (tag: string) =>
    Promise.all(servers.map((s, i) => within(5_000, async () => (await request(`${s.url}/events/${eventId}/queue/join`, {}, signToken(SECRET, { userId: `${tag}${i}x${Date.now()}` }), BOUND_MS)).status === 200)));

  const cases: [string, { dir?: string }][] = [
    ['without persistence', {}],
    ['with --appendonly yes', { dir: aofDir }],
  ];
  for (const [name, persistence] of cases) {
    it(`keeps the queue closed and serves again within 5 s: ${name}`, async () => {
      if (persistence.dir) {
        // Switch to an AOF redis-server first (not under load), and wait until both serve.
        await stopRedis(redis!);
        redis = await startRedis(port, persistence);
        await serving('switch');
      }
      const load = startQueuedLoad(servers.map((s) => s.url), eventId, 8, `b${persistence.dir ? 'aof' : 'mem'}`);
      const intruder = startIntruder(servers.map((s) => s.url), eventId);
      const down: string[] = [];
      let backMs: number[] = [];
      let holdsBackMs = -1;
      const generation = { before: -1, after: -1 };
      try {
        await within(30_000, async () => count(load.tally, 'confirm 201') >= 10);
        generation.before = (await admin.queueStats(eventId)).generation;
        await stopRedis(redis!);
        redis = undefined;
        // While Redis is down: a join and a never-queued hold on each process get 503, within the bound.
        for (const s of servers) {
          for (const [route, body] of [['queue/join', {}], ['holds', { eventId, best: { quantity: 1 } }]] as const) {
            const started = Date.now();
            const res = await request(route === 'holds' ? `${s.url}/holds` : `${s.url}/events/${eventId}/${route}`, body, signToken(SECRET, { userId: `down${Date.now()}` }), BOUND_MS);
            down.push(`${route} ${res.status} ${String(res.json.code)} ${Date.now() - started} ms`);
            expect(res.status, down.join('; ')).toBe(503);
          }
        }
        await new Promise((r) => setTimeout(r, DOWN_MS));
        redis = await startRedis(port, persistence);
        const back = Date.now();
        backMs = await serving('back');
        holdsBackMs = await within(5_000, async () => load.tally.holdOkAt.some((t) => t > back));
        // Back (empty or not), the event is still gated on both processes.
        for (const s of servers) {
          const res = await request(`${s.url}/holds`, { eventId, best: { quantity: 1 } }, signToken(SECRET, { userId: `after${Date.now()}` }), BOUND_MS);
          expect({ status: res.status, code: res.json.code }).toEqual({ status: 403, code: 'QUEUE_TOKEN_REQUIRED' });
        }
        generation.after = (await admin.queueStats(eventId)).generation;
        await new Promise((r) => setTimeout(r, 1000));
      } finally {
        await load.stop();
        await intruder.stop();
      }
      const seen = describeTally(load.tally);
      const intruders = JSON.stringify(Object.fromEntries(intruder.seen));
      console.info(`redis kill -9, restart ${name}: ${seen}; while down: ${down.join(', ')}; joins answered again after ${backMs.join(' / ')} ms, a queued hold after ${holdsBackMs} ms; never-queued holds: ${intruders}; queue generation ${generation.before} -> ${generation.after}`);
      for (const server of servers) expect(server.child.exitCode, seen).toBeNull();
      // No 500, no hang, no dropped socket; 4xx only the queue's own refusals (a reset, an old token).
      const bad = [...load.tally.counts.keys()].filter((k) => !/ (200|201|409|503)$/.test(k) && !/ (403|404)$/.test(k));
      expect(bad, seen).toEqual([]);
      expect(count(load.tally, 'join 503') + count(load.tally, 'me 503') + count(load.tally, 'hold 503'), seen).toBeGreaterThan(0);
      // The queue was never bypassed: a user who never queued got QUEUE_TOKEN_REQUIRED or 503, nothing else.
      expect([...intruder.seen.keys()].filter((k) => k !== '403 QUEUE_TOKEN_REQUIRED' && k !== '503 UNAVAILABLE'), intruders).toEqual([]);
      expect(intruder.seen.get('403 QUEUE_TOKEN_REQUIRED') ?? 0, intruders).toBeGreaterThan(0);
      // With AOF nothing was lost: no queue reset.
      if (persistence.dir) expect(generation.after).toBe(generation.before);

      const settled = await admin.reconcilePayments({ abandonedAfterMs: 0, settleAfterMs: 0 });
      console.info(`reconciled after the Redis restart (${name}): ${JSON.stringify(settled)}`);
      expect(await admin.reconcilePayments({ abandonedAfterMs: 0, settleAfterMs: 0 })).toMatchObject({ voided: 0, captured: 0, stillUncertain: 0 });
      expect(await admin.audit(eventId), seen).toMatchObject({ ok: true });
      for (const id of load.tally.confirmed) expect((await admin.getBooking(id)).status, id).toBe('CONFIRMED');
    });
  }
});
