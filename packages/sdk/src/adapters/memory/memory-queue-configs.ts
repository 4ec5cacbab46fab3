import type { QueueConfig, QueueConfigStore, QueueDrawSeed } from '../../ports/queue-config.js';
import type { QueueSettings } from '../../domain/queue.js';

/**
 * The QueueConfigStore port in one process's memory, beside the memory store. Each method
 * does its check-and-set synchronously before its first await, so it is atomic on Node's
 * single thread. Lives as long as the memory store (a queue adapter created afresh over the
 * same store — what a Redis restart looks like — finds the configuration here).
 */
export class MemoryQueueConfigStore implements QueueConfigStore {
  readonly #configs = new Map<string, QueueConfig>();

  constructor(private readonly nowMs: () => number) {}

  async saveQueueConfig(eventId: string, change: { settings: QueueSettings; drawSeed: QueueDrawSeed | null; paused?: boolean }): Promise<QueueConfig> {
    const previous = this.#configs.get(eventId);
    const turnedOn = change.settings.enabled && (previous === undefined || !previous.settings.enabled);
    const config: QueueConfig = {
      eventId,
      settings: change.settings,
      paused: change.paused ?? previous?.paused ?? false,
      epoch: (previous?.epoch ?? 0) + (turnedOn ? 1 : 0),
      generation: previous?.generation ?? 0,
      drawSeed: previous?.drawSeed ?? change.drawSeed,
      updatedAt: new Date(this.nowMs()).toISOString(),
      lastResetAt: previous?.lastResetAt ?? null,
    };
    this.#configs.set(eventId, config);
    return config;
  }

  async setQueuePaused(eventId: string, paused: boolean): Promise<QueueConfig | null> {
    const previous = this.#configs.get(eventId);
    if (!previous) return null;
    const config = { ...previous, paused, updatedAt: new Date(this.nowMs()).toISOString() };
    this.#configs.set(eventId, config);
    return config;
  }

  async getQueueConfig(eventId: string): Promise<QueueConfig | null> {
    return this.#configs.get(eventId) ?? null;
  }

  async listEnabledQueueConfigs(): Promise<QueueConfig[]> {
    return [...this.#configs.values()].filter((c) => c.settings.enabled);
  }

  async recordQueueReset(eventId: string, fromGeneration: number): Promise<{ won: boolean; config: QueueConfig } | null> {
    const previous = this.#configs.get(eventId);
    if (!previous) return null;
    if (previous.generation !== fromGeneration) return { won: false, config: previous };
    const config = { ...previous, generation: fromGeneration + 1, lastResetAt: new Date(this.nowMs()).toISOString() };
    this.#configs.set(eventId, config);
    return { won: true, config };
  }
}
