import { queueError } from '../domain/queue-codes.js';
import type { QueueUpdate } from '../domain/queue-views.js';
import type { QueueConfigStore } from '../ports/queue-config.js';
import type { QueueMeta, QueuePort, QueueRetention } from '../ports/queue.js';

export interface QueueRestoreOptions {
  readonly queue: QueuePort;
  /** The durable truth (absent on a store without it: a lost queue then stays lost). */
  readonly configs: QueueConfigStore | undefined;
  /** Until when the event's queue data is kept; null when the event is gone or past it. */
  readonly retentionOf: (eventId: string) => Promise<QueueRetention | null>;
  /** Announces a reset this process performed (every process's listeners, clients included). */
  readonly announce: (update: Extract<QueueUpdate, { type: 'queue.reset' }>) => void;
  /** How often `restoreMissing` may list the store's queues, per process (default 1000 ms). */
  readonly sweepIntervalMs?: number;
}

/**
 * Re-creates queues the queue backend lost (a Redis restart without persistence) from their
 * durable configuration in the store, so an event that sells through a queue never sells
 * without one. Whoever notices first restores: a hold's gate, a join or status, the operator's
 * status, or the admission tick's sweep over the store's enabled queues. The backend's
 * `restore` creates only when absent, so of many processes noticing at once exactly one
 * creates it; that one moves the store's generation (a compare-and-set) and announces the
 * reset, so one loss is logged and counted once.
 */
export class QueueRestorer {
  private readonly running = new Map<string, Promise<QueueMeta | null>>();
  private lastSweep = Number.NEGATIVE_INFINITY;
  /** Queues the backend lists that this process already checked the store knows. */
  private readonly known = new Set<string>();

  constructor(private readonly o: QueueRestoreOptions) {}

  /**
   * Called when the backend says the event has no queue. Returns the queue's meta when the
   * store says it has an enabled one (re-created now, or by another caller meanwhile), null when
   * it truly has none. Throws UNAVAILABLE when the store or the backend cannot answer: the
   * caller then fails closed, never open.
   */
  restoreIfConfigured(eventId: string): Promise<QueueMeta | null> {
    const running = this.running.get(eventId);
    if (running) return running;
    const run = this.restore(eventId).finally(() => this.running.delete(eventId));
    this.running.set(eventId, run);
    return run;
  }

  private async restore(eventId: string): Promise<QueueMeta | null> {
    if (!this.o.configs) return null;
    const config = await this.o.configs.getQueueConfig(eventId);
    if (!config || !config.settings.enabled) return null;
    const retention = await this.o.retentionOf(eventId);
    if (!retention) return null;
    const identity = { epoch: config.epoch, generation: config.generation + 1, paused: config.paused };
    const result = await this.o.queue.restore(eventId, config.settings, config.drawSeed, retention, identity);
    if (!result.ok) throw queueError(result.code, { eventId });
    const { created, meta } = result.value;
    if (created) {
      // Announced before the store is told, so waiting users hear of it even if the store is
      // unreachable now (the next loss then re-uses this generation number: harmless).
      this.o.announce({ type: 'queue.reset', eventId, generation: meta.generation, resetAt: new Date(meta.resetAt ?? meta.now).toISOString() });
      await this.o.configs.recordQueueReset(eventId, config.generation);
    }
    return meta;
  }

  /** Restores every enabled queue the backend no longer lists; at most once per interval. */
  async restoreMissing(): Promise<void> {
    if (!this.o.configs) return;
    const now = performance.now();
    if (now - this.lastSweep < (this.o.sweepIntervalMs ?? 1000)) return;
    this.lastSweep = now;
    const [configs, listed] = await Promise.all([this.o.configs.listEnabledQueueConfigs(), this.o.queue.queues()]);
    const inBackend = new Set(listed);
    const enabled = new Set<string>();
    for (const config of configs) {
      enabled.add(config.eventId);
      if (inBackend.has(config.eventId)) continue;
      // Listed nowhere: lost, or never written to the backend (its configure failed midway).
      const meta = await this.o.queue.meta(config.eventId);
      if (!meta.ok) await this.restoreIfConfigured(config.eventId);
    }
    await this.adoptUnrecorded(listed.filter((id) => !enabled.has(id)));
  }

  /**
   * Queues configured before the store kept configurations (an upgrade) exist only in the
   * backend: the first sweep of each process writes the enabled ones to the store, so a later
   * loss re-creates them too. Checked once per queue per process.
   */
  private async adoptUnrecorded(eventIds: readonly string[]): Promise<void> {
    const configs = this.o.configs!;
    for (const eventId of eventIds) {
      if (this.known.has(eventId)) continue;
      if (this.known.size >= 100_000) this.known.clear();
      this.known.add(eventId);
      const meta = await this.o.queue.meta(eventId);
      if (!meta.ok || !meta.value.settings.enabled || (await configs.getQueueConfig(eventId)) !== null) continue;
      await configs.saveQueueConfig(eventId, { settings: meta.value.settings, drawSeed: null, paused: meta.value.paused });
    }
  }
}
