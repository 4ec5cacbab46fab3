import { never, retryShed } from './shed-retry.js';
import type { BoxOffice } from '../box-office.js';
import type { DomainEvent, Ticket, TicketStatus } from '../domain/types.js';

export interface InventoryCounts {
  readonly available: number;
  readonly reserved: number;
  readonly sold: number;
}

/**
 * A live count of an event's seats (in one section, or all) by status, kept from the
 * interface's `subscribe` feed after one `events.tickets` read: the cheap check that lets a
 * million arrivals learn "sold out" without a million hold attempts.
 *
 * The feed is what the interface announces; an expired hold counts as RESERVED until a sweep
 * announces it (or `resync()` re-reads the tickets, expiry applied). `resync()` is also the
 * fallback for a BoxOffice whose feed is late or lossy: the engine calls it when a hold finds
 * fewer seats than the count promised, at most once per `resyncIntervalMs` (a read of 50,000 tickets costs
 * a few hundred ms on the memory store).
 */
export class LiveInventory {
  private readonly status = new Map<string, TicketStatus>();
  private available = 0;
  private reserved = 0;
  private sold = 0;
  private unsubscribe: (() => void) | null = null;
  private lastResync = Number.NEGATIVE_INFINITY;
  private resyncing: Promise<void> | null = null;
  /** Changes announced while a read is in flight, replayed over it (statuses are absolute). */
  private pending: DomainEvent[] | null = null;

  constructor(
    private readonly bo: BoxOffice,
    private readonly eventId: string,
    private readonly section: string | null,
    private readonly onChange: () => void,
    private readonly resyncIntervalMs = 5000,
  ) {}

  /** Subscribes, then reads the tickets (expiry applied); returns them for the caller's baseline. */
  async start(): Promise<Ticket[]> {
    this.unsubscribe = this.bo.subscribe((e) => (this.pending ? this.pending.push(e) : this.apply(e)));
    return this.load();
  }

  counts(): InventoryCounts {
    return { available: this.available, reserved: this.reserved, sold: this.sold };
  }

  /** Seats in scope (the section, or the whole event). */
  get total(): number {
    return this.status.size;
  }

  /** Re-reads the tickets, unless that was done less than `resyncIntervalMs` ago. */
  resync(force = false): Promise<void> {
    if (this.resyncing) return this.resyncing;
    if (!force && performance.now() - this.lastResync < this.resyncIntervalMs) return Promise.resolve();
    this.resyncing = this.load()
      .then(() => this.onChange())
      .finally(() => {
        this.resyncing = null;
      });
    return this.resyncing;
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private async load(): Promise<Ticket[]> {
    this.lastResync = performance.now();
    this.pending = [];
    try {
      // A read, safe to repeat when a server sheds it (a resync lands amid the run's traffic).
      const tickets = await retryShed(() => this.bo.events.tickets(this.eventId), never);
      this.status.clear();
      this.available = this.reserved = this.sold = 0;
      for (const t of tickets) {
        if (this.section !== null && t.section !== this.section) continue;
        this.status.set(t.id, t.status);
        this.bump(t.status, 1);
      }
      return tickets;
    } finally {
      const replay = this.pending;
      this.pending = null;
      for (const e of replay) this.apply(e);
    }
  }

  private apply(e: DomainEvent): void {
    if (e.type !== 'tickets.changed' || e.eventId !== this.eventId) return;
    let changed = false;
    for (const c of e.changes) {
      const before = this.status.get(c.ticketId);
      if (before === undefined || before === c.status) continue;
      this.bump(before, -1);
      this.bump(c.status, 1);
      this.status.set(c.ticketId, c.status);
      changed = true;
    }
    if (changed) this.onChange();
  }

  private bump(status: TicketStatus, by: number): void {
    if (status === 'AVAILABLE') this.available += by;
    else if (status === 'RESERVED') this.reserved += by;
    else this.sold += by;
  }
}
