import { randomBytes } from 'node:crypto';
import type { Redis, RedisOptions } from 'ioredis';
import type { DomainEvent } from '../../domain/types.js';
import type { EventBus } from '../../ports/event-bus.js';
import { InProcessEventBus } from './in-process-bus.js';
import { redisKeys } from '../../deployment/redis-keys.js';
import { openRedisClient } from '../redis-connection.js';

export interface RedisEventBusOptions {
  /** `redis://host:6379/0` (BOXOFFICE_REDIS_URL). */
  url: string;
  /** The pub/sub channel every process of one deployment shares (default `bo:events`: `redisKeys(prefix).events`). */
  channel?: string;
  redisOptions?: RedisOptions;
}

interface Envelope {
  /** The publishing process, so it does not deliver its own events twice. */
  o: string;
  e: DomainEvent;
}

/**
 * The event bus across processes, over Redis pub/sub. A published event is delivered to this
 * process's listeners at once (synchronously, as the in-process bus does) and to every other
 * process through the channel. Delivery stays at-most-once, as the port says: pub/sub drops
 * messages while a subscriber is disconnected, so listeners that must not miss a change
 * re-read the store (live seat maps resync and carry sequence numbers).
 */
export class RedisEventBus implements EventBus {
  private readonly local = new InProcessEventBus();
  private readonly origin = randomBytes(8).toString('hex');
  private closed = false;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {
    subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      let envelope: Envelope;
      try {
        envelope = JSON.parse(message) as Envelope;
      } catch {
        return;
      }
      if (envelope.o === this.origin || envelope.e?.type !== 'tickets.changed') return;
      this.local.publish(envelope.e);
    });
  }

  /** Connects both connections and subscribes before resolving, so no event is missed after it. */
  static async connect(options: RedisEventBusOptions): Promise<RedisEventBus> {
    const overrides = options.redisOptions ?? {};
    const [publisher, subscriber] = await Promise.allSettled([openRedisClient(options.url, 'bus-publisher', overrides), openRedisClient(options.url, 'bus-subscriber', overrides)]);
    if (publisher.status === 'rejected' || subscriber.status === 'rejected') {
      if (publisher.status === 'fulfilled') publisher.value.disconnect();
      if (subscriber.status === 'fulfilled') subscriber.value.disconnect();
      throw publisher.status === 'rejected' ? publisher.reason : (subscriber as PromiseRejectedResult).reason;
    }
    try {
      const bus = new RedisEventBus(publisher.value, subscriber.value, options.channel ?? redisKeys().events);
      await subscriber.value.subscribe(bus.channel);
      return bus;
    } catch (error) {
      publisher.value.disconnect();
      subscriber.value.disconnect();
      throw error;
    }
  }

  publish(event: DomainEvent): void {
    this.local.publish(event);
    if (this.closed) return;
    const envelope: Envelope = { o: this.origin, e: event };
    this.publisher.publish(this.channel, JSON.stringify(envelope)).catch(() => undefined);
  }

  subscribe(listener: (event: DomainEvent) => void): () => void {
    return this.local.subscribe(listener);
  }

  /** Round trip to Redis (for readiness checks). */
  async ping(): Promise<void> {
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.local.close();
    await Promise.allSettled([this.subscriber.quit(), this.publisher.quit()]);
  }
}
