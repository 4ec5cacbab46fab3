import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { dropSchema, openPostgresStore } from '../../src/adapters/postgres/index.js';
import { TestPaymentGateway } from '../../src/adapters/payments/test-gateway.js';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import type { BoxOffice } from '../../src/box-office.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import { adaptersUnderTest, requireService } from '../../src/testing/index.js';
import { createGaEvent, QUEUE_TEST_SECRET } from '../../src/testing/queue/harness.js';
import type { QueueUpdate } from '../../src/domain/queue-views.js';
import { codeOf } from '../../src/testing/conformance/harness.js';
import { BACKENDS, PG_URL } from '../postgres/harness.js';
import { admitAll } from './queue-reset-cases.js';
import { freePort, hasRedisServerBinary, startRedis, stopRedis } from './private-redis.js';

/**
 * A Redis restart in the middle of a queued on-sale, on a private redis-server of this test's
 * own (so the shared one is never touched), with two BoxOffices (two processes' worth of
 * connections) over one PostgreSQL schema:
 * - while Redis is down, joins and holds on the queued event fail with UNAVAILABLE (closed);
 * - without persistence, Redis comes back empty: the queue is re-created from the store's
 *   configuration (once), the event stays gated, waiting users are told to join again and
 *   their receipts give their numbers back, in order; the operator sees the reset;
 * - with AOF (`appendonly yes`) nothing is lost: no reset, the same numbers.
 * docs/architecture.md ("The waiting queue", When Redis fails) documents this.
 */
const binary = hasRedisServerBinary();
const run = adaptersUnderTest().has('redis') && BACKENDS.some((b) => b.name === 'postgres') && (await requireService('redis-server (the binary, to restart a private Redis)', async () => {
  if (!binary) throw new Error('redis-server is not on the PATH');
}));

async function admitted(bo: BoxOffice, eventId: string, users: string[]): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let i = 0; i < 100 && tokens.size < users.length; i++) {
    await bo.admitQueues();
    for (const userId of users) {
      const t = await bo.queue.status({ eventId, userId });
      if (t.admissionToken) tokens.set(userId, t.admissionToken);
    }
    await new Promise((r) => setTimeout(r, 30));
  }
  return tokens;
}

/** Asks until Redis answers again (the adapters reconnect by themselves). */
async function whenBack<T>(call: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (error) {
      if ((error as { code?: string }).code !== 'UNAVAILABLE' || i >= 400) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe.skipIf(!run)('redis queue: a Redis restart mid-queue', () => {
  let port: number;
  let redis: ChildProcess | undefined;
  let aofDir: string | undefined;
  const schema = `bo_test_${randomBytes(6).toString('hex')}`;
  const opened: { bo: BoxOffice; close(): Promise<void> }[] = [];

  /** One "process": its own store connection to the shared schema and its own Redis connection. */
  async function openProcess(): Promise<BoxOffice> {
    const store = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 4 });
    const queue = await RedisQueue.connect({ url: `redis://127.0.0.1:${port}` });
    const bo = createBoxOffice({ store, payments: new TestPaymentGateway(), queue, queueOptions: { secret: QUEUE_TEST_SECRET } });
    opened.push({ bo, close: async () => {
      await bo.close();
      await queue.close();
    } });
    return bo;
  }

  beforeAll(async () => {
    port = await freePort();
  });
  // Each case ends its own redis-server, even when it fails midway (the next reuses the port).
  afterEach(async () => {
    for (const p of opened.splice(0)) await p.close();
    if (redis) await stopRedis(redis);
    redis = undefined;
  });
  afterAll(async () => {
    if (aofDir) rmSync(aofDir, { recursive: true, force: true });
    await dropSchema({ connectionString: PG_URL, schema });
  });

  it('without persistence: fails closed while down, comes back gated from the store, and receipts keep the order', async () => {
    redis = await startRedis(port);
    const a = await openProcess();
    const b = await openProcess();
    const event = await createGaEvent(a, 6);
    await a.configureQueue(event.id, { enabled: true, admissionRate: 1000, maxActive: 2, tickMs: 10 });
    const receipts = new Map<string, string>();
    for (const userId of ['u1', 'u2', 'u3', 'u4']) {
      const t = await (userId === 'u3' ? b : a).queue.join({ eventId: event.id, userId });
      receipts.set(userId, t.receipt!);
    }
    const tokens = await admitted(a, event.id, ['u1', 'u2']);
    expect([...tokens.keys()].sort()).toEqual(['u1', 'u2']);
    await a.hold({ eventId: event.id, userId: 'u1', best: { quantity: 2 }, admissionToken: tokens.get('u1') });

    await stopRedis(redis);
    await expect(a.queue.join({ eventId: event.id, userId: 'u5' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(b.hold({ eventId: event.id, userId: 'u2', best: { quantity: 2 }, admissionToken: tokens.get('u2') })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(a.hold({ eventId: event.id, userId: 'r9', best: { quantity: 2 } })).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    redis = await startRedis(port);
    const heard: QueueUpdate[] = [];
    a.queue.subscribe((u) => heard.push(u));
    b.queue.subscribe((u) => heard.push(u));
    // Back empty. Never open: a user who never queued is refused in both processes at once.
    const refused = await Promise.all([a, b].map((bo) => whenBack(() => bo.hold({ eventId: event.id, userId: 'r0', best: { quantity: 1 } })).then(() => ({ code: 'PASSED' }), (e: { code?: string }) => ({ code: e.code }))));
    expect(refused.map((r) => r.code)).toEqual(['QUEUE_TOKEN_REQUIRED', 'QUEUE_TOKEN_REQUIRED']);
    // The operator sees the reset; the settings came back from PostgreSQL.
    const stats = await b.queueStats(event.id);
    expect(stats).toMatchObject({ generation: 1, epoch: 1, settings: { admissionRate: 1000, maxActive: 2, tickMs: 10 } });
    expect(Date.parse(stats.lastResetAt ?? '')).toBeGreaterThan(0);
    expect(heard.filter((u) => u.type === 'queue.reset' && u.detectedHere)).toHaveLength(1);
    // Waiting users are told to join again.
    expect(await codeOf(() => b.queue.heartbeat({ eventId: event.id, userId: 'u4' }))).toMatchObject({ code: 'QUEUE_RESET' });

    // A newcomer first; then the earlier users come back with their receipts, in mixed order.
    await b.queue.join({ eventId: event.id, userId: 'n1' });
    for (const userId of ['u4', 'u2', 'u3']) await (userId === 'u3' ? a : b).queue.join({ eventId: event.id, userId, receipt: receipts.get(userId)! });
    const updates: QueueUpdate[] = [];
    a.queue.subscribe((u) => updates.push(u));
    // Two slots: u2 and u3 (old numbers 2 and 3) first; then, once they leave, u4 and the newcomer.
    expect(await admitAll(a, event.id, updates, 2)).toEqual(['u2', 'u3']);
    for (const userId of ['u2', 'u3']) await a.queue.leave({ eventId: event.id, userId });
    expect(await admitAll(a, event.id, updates, 4)).toEqual(['u2', 'u3', 'u4', 'n1']);
    // u1's hold, taken before the loss, is still the store's: nothing was oversold or lost.
    expect(await a.audit(event.id)).toMatchObject({ ok: true });
  });

  it('with AOF (appendonly yes): nothing is lost, no reset', async () => {
    aofDir = mkdtempSync(join(tmpdir(), 'bo-redis-aof-'));
    redis = await startRedis(port, { dir: aofDir });
    const a = await openProcess();
    const event = await createGaEvent(a, 6);
    await a.configureQueue(event.id, { enabled: true, admissionRate: 1000, maxActive: 2, tickMs: 10 });
    const before = await a.queue.join({ eventId: event.id, userId: 'w1' });
    await a.queue.join({ eventId: event.id, userId: 'w2' });

    await stopRedis(redis);
    redis = await startRedis(port, { dir: aofDir });
    const after = await whenBack(() => a.queue.status({ eventId: event.id, userId: 'w1' }));
    expect(after).toMatchObject({ state: 'waiting', number: before.number });
    expect(await a.queueStats(event.id)).toMatchObject({ generation: 0, lastResetAt: null, issued: 2 });
    expect(await codeOf(() => a.hold({ eventId: event.id, userId: 'r0', best: { quantity: 1 } }))).toMatchObject({ code: 'QUEUE_TOKEN_REQUIRED' });
  });
});
