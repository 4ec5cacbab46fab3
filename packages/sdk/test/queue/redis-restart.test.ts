import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { TestPaymentGateway } from '../../src/adapters/payments/test-gateway.js';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import type { BoxOffice } from '../../src/box-office.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import { adaptersUnderTest, requireService } from '../../src/testing/index.js';
import { createGaEvent, QUEUE_TEST_SECRET } from '../../src/testing/queue/harness.js';

/**
 * A Redis restart in the middle of a queued on-sale, on a private redis-server of this test's
 * own (so the shared one is never touched), without persistence, as the worst case:
 * - while Redis is down, joins and holds on the queued event fail with UNAVAILABLE (closed);
 * - after it comes back empty, the queue is gone: the event sells without it (open) until an
 *   operator enables the queue again; the store decides every hold, so nothing is oversold.
 * docs/architecture.md ("The waiting queue and Redis") documents this.
 */
const binary = spawnSync('redis-server', ['--version']).status === 0;
const run = adaptersUnderTest().has('redis') && (await requireService('redis-server (the binary, to restart a private Redis)', async () => {
  if (!binary) throw new Error('redis-server is not on the PATH');
}));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  for (let i = 0; i < 100; i++) {
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

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

describe.skipIf(!run)('redis queue: a Redis restart mid-queue', () => {
  let port: number;
  let redis: ChildProcess;
  let bo: BoxOffice;
  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    const queue = await RedisQueue.connect({ url: `redis://127.0.0.1:${port}` });
    bo = createBoxOffice({ store: new MemoryStore(), payments: new TestPaymentGateway(), queue, queueOptions: { secret: QUEUE_TEST_SECRET } });
    // createBoxOffice leaves a given queue open: close it with the BoxOffice.
    const close = bo.close.bind(bo);
    bo.close = async () => {
      await close();
      await queue.close();
    };
  });
  afterAll(async () => {
    await bo?.close();
    if (redis) await stopRedis(redis);
  });

  it('fails closed while Redis is down, open once it is back empty, and never oversells', async () => {
    const event = await createGaEvent(bo, 6);
    await bo.configureQueue(event.id, { enabled: true, admissionRate: 1000, maxActive: 2, tickMs: 10 });
    for (const userId of ['u1', 'u2', 'u3']) await bo.queue.join({ eventId: event.id, userId });
    const tokens = await admitted(bo, event.id, ['u1', 'u2']);
    expect([...tokens.keys()].sort()).toEqual(['u1', 'u2']);
    await bo.hold({ eventId: event.id, userId: 'u1', best: { quantity: 2 }, admissionToken: tokens.get('u1') });

    await stopRedis(redis);
    await expect(bo.queue.join({ eventId: event.id, userId: 'u4' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(bo.hold({ eventId: event.id, userId: 'u2', best: { quantity: 2 }, admissionToken: tokens.get('u2') })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(bo.hold({ eventId: event.id, userId: 'u9', best: { quantity: 2 } })).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    redis = await startRedis(port);
    // The adapter reconnects by itself; the queue it knew is gone (no persistence).
    let stats: unknown;
    for (let i = 0; i < 100; i++) {
      stats = await bo.queueStats(event.id).catch((e: { code?: string }) => e.code);
      if (stats !== 'UNAVAILABLE') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(stats).toBe('QUEUE_DISABLED');

    // Open: holds need no token now, and the store alone decides: 4 seats left, 8 buyers of 2.
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => bo.hold({ eventId: event.id, userId: `r${i}`, best: { quantity: 2 } })));
    const ok = results.filter((r) => r.status === 'fulfilled').length;
    expect(ok).toBe(2);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('SEAT_UNAVAILABLE');
    expect(await bo.audit(event.id)).toMatchObject({ ok: true });

    // The operator enables it again: holds need a token again.
    await bo.configureQueue(event.id, { enabled: true, admissionRate: 1000, maxActive: 2, tickMs: 10 });
    await expect(bo.hold({ eventId: event.id, userId: 'u3', best: { quantity: 1 } })).rejects.toMatchObject({ code: 'QUEUE_TOKEN_REQUIRED' });
  });
});
