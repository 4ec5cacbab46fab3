/**
 * The measured parts of `pnpm bench queue`: each opens its own queue under its own key prefix
 * (so runs do not see each other's queues) over a memory store for the catalog.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { RedisQueue } from '@boxoffice/sdk/redis';
import { MemoryStore, createTestGateway, type BoxOffice, createBoxOffice, type QueueSettingsInput } from '@boxoffice/sdk';

/** ioredis, resolved from the SDK package (the bench has no direct dependency on it). */
export interface RawRedis {
  incr(key: string): Promise<number>;
  info(section: string): Promise<string>;
  memory(sub: 'USAGE', key: string, samples: 'SAMPLES', n: number): Promise<number | null>;
  scan(cursor: string, match: 'MATCH', pattern: string, count: 'COUNT', n: number): Promise<[string, string[]]>;
  unlink(...keys: string[]): Promise<number>;
  quit(): Promise<unknown>;
}

export async function rawRedis(url: string): Promise<RawRedis> {
  const require = createRequire(new URL('../../packages/sdk/package.json', import.meta.url));
  const { Redis } = (await import(require.resolve('ioredis'))) as { Redis: new (url: string) => RawRedis };
  return new Redis(url);
}

export const SECRET = 'bench-queue-secret-0123456789abcdef';

export interface Deployment {
  readonly bo: BoxOffice;
  /** The catalog store every process of the deployment shares. */
  readonly store: MemoryStore;
  readonly queue: RedisQueue;
  readonly eventId: string;
  close(): Promise<void>;
}

/** A BoxOffice over a memory store and a Redis queue under `prefix`, with one queued event. */
export async function deploy(url: string, prefix: string, settings: QueueSettingsInput): Promise<Deployment> {
  const queue = await RedisQueue.connect({ url, prefix });
  const store = new MemoryStore();
  const bo = createBoxOffice({ store, payments: createTestGateway(), queue, queueOptions: { secret: SECRET }, ownsStore: false });
  const venue = await bo.venues.create({ name: 'Arena', city: 'Lisbon', lat: 0, lon: 0, seatMap: { sections: [{ id: 'GA', name: 'Floor', tier: 'floor', capacity: 1000 }] } });
  const event = await bo.events.create({ title: 'Hot on-sale', startsAt: new Date(Date.now() + 86_400_000).toISOString(), venueId: venue.id, prices: { floor: 5000 } });
  await bo.queue.configure(event.id, settings);
  return {
    bo,
    store,
    queue,
    eventId: event.id,
    close: async () => {
      await bo.close();
      await queue.close();
    },
  };
}

/** Runs `task(0..total-1)` with at most `limit` in flight; returns the elapsed ms. */
export async function inFlight(total: number, limit: number, task: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(limit, total) }, async () => {
      while (next < total) await task(next++);
    }),
  );
  return performance.now() - started;
}

/** Raw INCRs from Node: the baseline. Returns ops/s. */
export async function incrRate(redis: RawRedis, key: string, total: number, limit: number): Promise<number> {
  const ms = await inFlight(total, limit, () => redis.incr(key));
  return (total * 1000) / ms;
}

/** Joins through the SDK (`bo.queue.join`). Returns joins/s. */
export async function joinRate(d: Deployment, total: number, limit: number, tag: string): Promise<number> {
  const ms = await inFlight(total, limit, (i) => d.bo.queue.join({ eventId: d.eventId }, { userId: `${tag}${i}` }));
  return (total * 1000) / ms;
}

/** Ticks until the counter reaches `total`; returns the elapsed ms. */
export async function admitAll(d: Deployment, total: number): Promise<number> {
  const started = performance.now();
  while ((await d.bo.queue.stats(d.eventId)).counter < total) await d.bo.queue.admit();
  return performance.now() - started;
}

/**
 * `admitters` processes' worth of BoxOffices (own connections) ticking at once for `seconds`;
 * returns the admissions per second the queue actually made.
 */
export async function measuredAdmissionRate(url: string, prefix: string, d: Deployment, admitters: number, seconds: number): Promise<number> {
  const others = await Promise.all(
    Array.from({ length: admitters - 1 }, async () => {
      const queue = await RedisQueue.connect({ url, prefix });
      const bo = createBoxOffice({ store: d.store, payments: createTestGateway(), queue, queueOptions: { secret: SECRET }, ownsStore: false });
      return { bo, close: async () => (await bo.close(), await queue.close()) };
    }),
  );
  // The first tick admits its share at once; measure from the end of it.
  while ((await d.bo.queue.admit()).every((r) => !r.won)) {
    // no admission yet: tick again
  }
  const startCounter = (await d.bo.queue.stats(d.eventId)).counter;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    [d.bo, ...others.map((o) => o.bo)].map(async (bo) => {
      while (performance.now() < until) {
        await bo.queue.admit();
        await new Promise((r) => setTimeout(r, 2));
      }
    }),
  );
  const elapsed = performance.now() - started;
  const admitted = (await d.bo.queue.stats(d.eventId)).counter - startCounter;
  for (const o of others) await o.close();
  return (admitted * 1000) / elapsed;
}

/** Deletes every key under `prefix`. */
export async function deletePrefix(redis: RawRedis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

export async function usedMemory(redis: RawRedis): Promise<number> {
  const m = /used_memory:(\d+)/.exec(await redis.info('memory'));
  return Number(m?.[1] ?? 0);
}
