import { randomBytes } from 'node:crypto';
import type { QueueUpdate } from '../../../domain/queue-views.js';
import type { QueueUpdateChannel } from '../../../ports/queue.js';

/** The part of an ioredis connection the channel uses. */
export interface PubSubClient {
  publish(channel: string, message: string): Promise<unknown>;
  subscribe(channel: string): Promise<unknown>;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  quit(): Promise<unknown>;
}

interface Envelope {
  /** The publishing process: it has told its own listeners already. */
  readonly o: string;
  readonly u: QueueUpdate;
}

/**
 * Queue updates over Redis pub/sub, one channel per deployment (`<prefix>queue-updates`; on
 * Redis Cluster a PUBLISH reaches every node's subscribers). The subscribing connection is
 * opened on the first `subscribe`, so a process that never pushes to clients (a CLI call)
 * never opens it; ioredis re-subscribes by itself after a reconnect. Messages published while
 * a process is disconnected are lost: the port promises at-most-once, and clients poll.
 */
export class RedisQueueUpdates implements QueueUpdateChannel {
  private readonly origin = randomBytes(8).toString('hex');
  private readonly listeners = new Set<(update: QueueUpdate) => void>();
  private subscriber: PubSubClient | null = null;
  private closed = false;

  constructor(
    private readonly publisher: Pick<PubSubClient, 'publish'>,
    private readonly openSubscriber: () => PubSubClient,
    private readonly channel: string,
  ) {}

  publish(update: QueueUpdate): void {
    if (this.closed) return;
    const envelope: Envelope = { o: this.origin, u: update };
    // Best effort: a failed publish costs the other processes' clients one poll.
    this.publisher.publish(this.channel, JSON.stringify(envelope)).catch(() => undefined);
  }

  subscribe(listener: (update: QueueUpdate) => void): () => void {
    this.listeners.add(listener);
    if (!this.subscriber && !this.closed) this.listen();
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    await this.subscriber?.quit().catch(() => undefined);
  }

  private listen(): void {
    const subscriber = this.openSubscriber();
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // ioredis reconnects; errors must not crash the process
    subscriber.on('message', (channel, message) => {
      if (channel !== this.channel) return;
      const envelope = parse(message);
      if (!envelope || envelope.o === this.origin) return;
      for (const listener of this.listeners) {
        try {
          listener(envelope.u);
        } catch {
          // A listener's failure is its own.
        }
      }
    });
    subscriber.subscribe(this.channel).catch(() => undefined);
  }
}

function parse(message: string): Envelope | null {
  try {
    const value = JSON.parse(message) as Partial<Envelope>;
    const type = value.u?.type;
    return typeof value.o === 'string' && (type === 'queue.admitted' || type === 'queue.inventory' || type === 'queue.settings' || type === 'queue.reset') ? (value as Envelope) : null;
  } catch {
    return null;
  }
}
