import { QueueCode } from '../domain/queue-codes.js';
import type { QueueInventory } from '../domain/queue.js';
import type { AdmitReport, QueueUpdate } from '../domain/queue-views.js';
import { effectiveStatus } from '../domain/tickets.js';
import type { AdmitLimits, QueuePort, QueueRecord } from '../ports/queue.js';
import type { Store } from '../ports/store.js';
import { drawOrderInSlices } from './draw-in-slices.js';

export interface QueueAdmissionOptions {
  readonly queue: QueuePort;
  readonly store: Store;
  readonly limits: AdmitLimits;
  /** Signs the admitted users' tokens for the update listeners. */
  readonly tokenOf: (eventId: string, record: QueueRecord) => string;
  readonly emit: (update: QueueUpdate) => void;
  /**
   * False when nobody listens: the admitted users' tokens are then not signed per tick. With an
   * update channel (Redis) it is always true: another process may have listeners.
   */
  readonly listening: () => boolean;
  /** The event is gone, or ended longer ago than its queue's data is kept. */
  readonly ended: (eventId: string) => Promise<boolean>;
}

/**
 * The admission scheduler: every process may run `tick()` as often as it likes; the queue
 * lets one caller per event per `tickMs` admit (atomically). Before admitting, one caller
 * re-reads a stale inventory from the store; after a tick, a due randomized draw runs.
 */
export class QueueAdmission {
  private readonly refreshing = new Map<string, Promise<QueueInventory | null>>();
  private readonly dirty = new Set<string>();

  constructor(private readonly o: QueueAdmissionOptions) {}

  /** One tick over every configured queue. */
  async tick(): Promise<AdmitReport[]> {
    const reports: AdmitReport[] = [];
    for (const eventId of await this.o.queue.queues()) {
      const report = await this.tickEvent(eventId);
      if (report) reports.push(report);
    }
    return reports;
  }

  async tickEvent(eventId: string): Promise<AdmitReport | null> {
    let result = await this.o.queue.admit(eventId, this.o.limits);
    if (result.ok && result.value.needsInventory) {
      await this.refreshInventory(eventId);
      result = await this.o.queue.admit(eventId, this.o.limits);
    }
    if (!result.ok) {
      // Listed but gone: its keys expired after the event (a queue is never configured for an
      // ended event, so this cannot race a configure). Anything else is a queue turned off.
      if (result.code === QueueCode.NOT_CONFIGURED && this.o.queue.forget && (await this.o.ended(eventId))) await this.o.queue.forget(eventId);
      return null;
    }
    const out = result.value;
    let drew = false;
    if (out.needsDraw) {
      const draw = await this.o.queue.draw(eventId, drawOrderInSlices);
      drew = draw.ok;
    }
    if (out.admitted.length > 0 && this.o.listening()) {
      this.o.emit({
        type: 'queue.admitted',
        eventId,
        counter: out.meta.counter,
        admitted: out.admitted.map((r) => ({
          userId: r.userId,
          admissionToken: this.o.tokenOf(eventId, r),
          tokenExpiresAt: new Date(r.expiresAt ?? 0).toISOString(),
        })),
      });
    }
    return { eventId, won: out.won, admitted: out.admitted.length, skipped: out.skipped, counter: out.meta.counter, drew };
  }

  /**
   * Reads the event's inventory from the store and records it in the queue (announcing a
   * change). Concurrent calls for one event share one read, plus one more if asked meanwhile.
   */
  refreshInventory(eventId: string): Promise<QueueInventory | null> {
    const running = this.refreshing.get(eventId);
    if (running) {
      this.dirty.add(eventId);
      return running;
    }
    const run = (async (): Promise<QueueInventory | null> => {
      try {
        let inventory: QueueInventory | null = null;
        do {
          this.dirty.delete(eventId);
          inventory = await this.readAndRecord(eventId);
        } while (this.dirty.has(eventId));
        return inventory;
      } finally {
        this.refreshing.delete(eventId);
      }
    })();
    this.refreshing.set(eventId, run);
    return run;
  }

  private async readAndRecord(eventId: string): Promise<QueueInventory | null> {
    const meta = await this.o.queue.meta(eventId);
    if (!meta.ok) return null;
    // A store that does not know the event (a misconfigured process) must not announce a sell-out.
    const previous = meta.value.inventory;
    const inventory = (await this.inventoryOf(eventId)) ?? (previous === 'unknown' ? 'available' : previous);
    await this.o.queue.setInventory(eventId, inventory);
    if (inventory !== meta.value.inventory) this.o.emit({ type: 'queue.inventory', eventId, inventory });
    return inventory;
  }

  /**
   * available: something AVAILABLE (expiry applied); held: only RESERVED left; sold_out:
   * neither. Null when the store has no tickets for the event (it does not know it).
   */
  async inventoryOf(eventId: string): Promise<Exclude<QueueInventory, 'unknown'> | null> {
    const summary = await this.o.store.summarizeAvailability?.([eventId]);
    if (summary && (summary[0]?.available ?? 0) > 0) return 'available';
    const [tickets, now] = await Promise.all([this.o.store.getTickets(eventId), this.o.store.now()]);
    if (tickets.length === 0) return null;
    let reserved = 0;
    for (const t of tickets) {
      const status = effectiveStatus(t, now);
      if (status === 'AVAILABLE') return 'available';
      if (status === 'RESERVED') reserved++;
    }
    return reserved > 0 ? 'held' : 'sold_out';
  }

  /** Runs `tick()` every `intervalMs` in this process; returns the stop function. */
  start(intervalMs: number): () => Promise<void> {
    let running: Promise<unknown> | null = null;
    const timer = setInterval(() => {
      if (running) return;
      running = this.tick()
        .catch(() => undefined)
        .finally(() => {
          running = null;
        });
    }, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}
