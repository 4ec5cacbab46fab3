import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisQueue } from '../../src/adapters/queue/redis/redis-queue.js';
import { MemoryStore } from '../../src/adapters/memory/index.js';
import { TestPaymentGateway } from '../../src/adapters/payments/test-gateway.js';
import { createBoxOffice } from '../../src/create-box-office.js';
import type { BoxOffice } from '../../src/box-office.js';
import { adaptersUnderTest, requireService } from '../../src/testing/adapters-under-test.js';
import { createHallEvent } from '../../src/testing/fixtures.js';
import { QueueGateCache } from '../../src/services/queue-gate.js';
import { deletePrefix, REDIS_URL } from './redis-harness.js';

/**
 * The hold gate's cache of "this event has no queue", across two processes' worth of wiring on
 * one Redis queue (each its own connection and BoxOffice; one memory store stands in for
 * PostgreSQL). Neither process listens to queue updates here, so nothing but the gate's TTL and
 * configure's wait keeps a process from admitting a tokenless hold once a queue is on.
 */
const run = adaptersUnderTest().has('redis') && (await requireService('Redis', async () => (await RedisQueue.connect({ url: REDIS_URL })).close()));
const prefix = `bo:test:${randomBytes(6).toString('hex')}:`;
const SECRET = 'gate-test-secret-0123456789';

describe('QueueGateCache', () => {
  it('trusts "no queue" for the TTL from when the read was sent, and never a read sent before a change', () => {
    let now = 1000;
    const gate = new QueueGateCache(500, () => now);
    expect(gate.lookup('evt_a')).toBeUndefined();
    gate.record('evt_a', false, 900); // the read went out at 900: trusted until 1400, not 1500
    expect(gate.lookup('evt_a')).toBe('off');
    now = 1400;
    expect(gate.lookup('evt_a')).toBeUndefined();
    // A read sent, then the settings change here, then its (old) answer lands: not recorded.
    const sent = now;
    now = 1410;
    gate.forget('evt_a');
    now = 1420;
    gate.record('evt_a', false, sent);
    expect(gate.lookup('evt_a')).toBeUndefined();
    gate.record('evt_a', true, 1415);
    expect(gate.lookup('evt_a')).toBe('on');
  });
});

describe.skipIf(!run)('the queue gate of holds', () => {
  const queues: RedisQueue[] = [];
  const boxes: BoxOffice[] = [];
  afterAll(async () => {
    for (const b of boxes) await b.close();
    for (const q of queues) await q.close();
    await deletePrefix(REDIS_URL, prefix);
  });

  it('costs no queue round trip per hold on an event without a queue, and never admits a tokenless hold once configure has returned', async () => {
    const store = new MemoryStore();
    const calls = { meta: 0, status: 0 };
    for (let i = 0; i < 2; i += 1) {
      const real = await RedisQueue.connect({ url: REDIS_URL, prefix });
      queues.push(real);
      // Counts the gate's reads; every call still goes to the real Redis queue.
      const counted = new Proxy(real, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return (...args: unknown[]) => {
            if (i === 0 && (prop === 'meta' || prop === 'status')) calls[prop] += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      boxes.push(createBoxOffice({ store, payments: new TestPaymentGateway({ timeoutMs: 5 }), queue: counted, queueOptions: { secret: SECRET }, ownsStore: false }));
    }
    const [a, b] = boxes as [BoxOffice, BoxOffice];
    const { event } = await createHallEvent(a, { maxTicketsPerUser: null });
    const seat = (await a.getTickets(event.id))[0]!.id;
    // A hold of one seat, released at once (release passes no gate), so the seat is free again.
    const hold = async () => {
      const held = await a.hold({ eventId: event.id, userId: 'walk-in', ticketIds: [seat] });
      await a.releaseHold({ holdId: held.id, userId: 'walk-in' });
      return held;
    };

    // 20 holds in a row on an event without a queue: one look at the queue, not 20.
    for (let i = 0; i < 20; i += 1) await hold();
    expect(calls.status).toBe(0);
    expect(calls.meta).toBeLessThanOrEqual(2);

    // Another process turns the queue on while this one keeps holding (and caching "no queue").
    let configured = false;
    const configuring = b.configureQueue(event.id, { enabled: true, admissionRate: 10 }).then(() => (configured = true));
    const during: Array<'held' | 'refused'> = [];
    while (!configured) {
      const startedAfterConfigure = configured;
      const outcome = await hold().then(
        () => 'held' as const,
        (error: { code?: string }) => {
          expect(error.code).toBe('QUEUE_TOKEN_REQUIRED');
          return 'refused' as const;
        },
      );
      expect(startedAfterConfigure).toBe(false);
      during.push(outcome);
      await new Promise((r) => setTimeout(r, 10));
    }
    await configuring;
    expect(during[0]).toBe('held'); // the "no queue" cached just before was still trusted
    // Configure has returned: from now on, every tokenless hold is refused, in this process too.
    for (let i = 0; i < 5; i += 1) await expect(hold()).rejects.toMatchObject({ code: 'QUEUE_TOKEN_REQUIRED' });

    // Turned off again: holds pass at once (a cached "queue on" only ever sends a hold to the full check).
    await b.configureQueue(event.id, { enabled: false });
    await expect(hold()).resolves.toMatchObject({ eventId: event.id });
  });
});
