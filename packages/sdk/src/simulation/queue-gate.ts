import type { BoxOffice } from '../box-office.js';
import { BoxOfficeError, isBoxOfficeError } from '../domain/errors.js';
import type { QueueTicket, QueueUpdate } from '../domain/queue-views.js';
import type { Admitted, Gate, QueueRunReport } from './gate.js';
import type { Outcome, SimulationMetrics } from './metrics.js';
import type { ResolvedSimulationOptions } from './options.js';
import { retryShed } from './shed-retry.js';

export interface QueueGateHooks {
  /** Something changed: admissions arrived, or joins were refused. */
  wake(): void;
  /** `n` users were turned away by the queue itself. */
  refused(n: number, outcome: Extract<Outcome, 'soldOut' | 'failed'>): void;
  userIdOf(index: number): string;
  /** Waits for a turn on the event loop before a call (see `Turns`). */
  turn(): Promise<void>;
  readonly metrics: SimulationMetrics;
}

/** Joins in flight at most (the queue's own rate and cap govern admission, not this). */
const JOINS_IN_FLIGHT = 256;
/**
 * Admissions arrive as updates, at most once: a live feed that connects late or reconnects misses
 * some, and an admitted user who never hears of it keeps an active slot until the token lapses
 * (with a small cap, the whole on-sale stalls). So every POLL_MS the users waiting longest
 * (over POLL_AFTER_MS, up to POLL_BATCH of them: admission is in join order) ask their status.
 */
const POLL_MS = 1000;
const POLL_AFTER_MS = 1000;
const POLL_BATCH = 64;

/**
 * The queue seam: users join the event's waiting queue on arrival, wait for the admission the
 * queue announces (`bo.queue.subscribe`), and hold with its token. The run drives admission
 * ticks itself (`bo.queue.admit`), and heart-beats waiting users when it uses an existing queue's
 * settings. A user who ends without a booking leaves (frees the slot at once, as a closed tab's
 * beacon would); a booking frees it through the service. Fails "queue not available yet" on a
 * `BoxOffice` without the queue methods.
 */
export async function createQueueGate(bo: BoxOffice, o: ResolvedSimulationOptions, eventId: string, hooks: QueueGateHooks): Promise<Gate> {
  const partial = bo as Partial<BoxOffice>;
  if (typeof partial.queue?.join !== 'function' || typeof partial.queue.configure !== 'function' || typeof partial.queue.admit !== 'function') {
    throw new BoxOfficeError('UNAVAILABLE', 'queue not available yet: this BoxOffice has no waiting-queue methods');
  }
  const current = await bo.queue.stats(eventId).catch((error: unknown) => {
    if (isBoxOfficeError(error, 'QUEUE_DISABLED')) return null;
    throw error;
  });
  if (current?.settings.enabled) return new QueueGate(bo, eventId, hooks, { settings: 'existing', tickMs: current.settings.tickMs, heartbeatTimeoutSeconds: current.settings.heartbeatTimeoutSeconds });
  // Off (or never set up): on for the run, then back as it was found.
  const restore = () => bo.queue.configure(eventId, current ? { ...current.settings, enabled: false } : { enabled: false });
  const stats = await bo.queue.configure(eventId, {
    enabled: true,
    mode: 'fifo',
    admissionRate: null,
    maxActive: o.concurrency,
    tokenTtlSeconds: 600,
    heartbeatTimeoutSeconds: 86_400,
    tickMs: 10,
  });
  return new QueueGate(bo, eventId, hooks, { settings: 'configured', tickMs: stats.settings.tickMs, heartbeatTimeoutSeconds: null, restore });
}

interface QueueSetup {
  readonly settings: 'configured' | 'existing';
  readonly tickMs: number;
  /** Heart-beat waiting users at a third of this (null: the run's own queue needs none). */
  readonly heartbeatTimeoutSeconds: number | null;
  /** Puts the queue back as the run found it. */
  readonly restore?: () => Promise<unknown>;
}

class QueueGate implements Gate {
  private arrivedCount = 0;
  private nextJoin = 0;
  private joinsInFlight = 0;
  private readonly joinedAt = new Map<number, number>();
  /** Each waiting user's join receipt: after a queue reset they join again with it, keeping their place. */
  private readonly receipts = new Map<number, string>();
  private rejoining = false;
  private readonly ready: Admitted[] = [];
  private readyHead = 0;
  private readonly admittedSet = new Set<number>();
  private joined = 0;
  private refusedCount = 0;
  private heartbeats = 0;
  private ticks = 0;
  private closed = false;
  private ticking = false;
  private readonly unsubscribe: () => void;
  private readonly tickTimer: NodeJS.Timeout;
  private readonly heartbeatTimer: NodeJS.Timeout | null;
  private readonly pollTimer: NodeJS.Timeout;
  private polling = false;
  /** What every buyer's queue call names (the user goes in the call options): one object for the run, not one a call. */
  private readonly request: { readonly eventId: string };

  constructor(
    private readonly bo: BoxOffice,
    private readonly eventId: string,
    private readonly hooks: QueueGateHooks,
    private readonly setup: QueueSetup,
  ) {
    this.request = { eventId };
    this.unsubscribe = bo.queue.subscribe((u) => this.onUpdate(u));
    this.tickTimer = setInterval(() => this.tick(), Math.max(10, setup.tickMs));
    const heartbeat = setup.heartbeatTimeoutSeconds;
    this.heartbeatTimer = heartbeat === null ? null : setInterval(() => void this.heartbeatAll(), (heartbeat * 1000) / 3);
    this.pollTimer = setInterval(() => void this.pollLongestWaiting(), POLL_MS);
  }

  arrived(n: number): void {
    this.arrivedCount = Math.max(this.arrivedCount, n);
    this.pumpJoins();
  }

  next(): Admitted | null {
    if (this.readyHead >= this.ready.length) return null;
    const next = this.ready[this.readyHead++]!;
    if (this.readyHead > 4096 && this.readyHead * 2 > this.ready.length) {
      this.ready.splice(0, this.readyHead);
      this.readyHead = 0;
    }
    return next;
  }

  get waiting(): number {
    return this.arrivedCount - this.admittedSet.size - this.refusedCount;
  }

  get admitted(): number {
    return this.admittedSet.size;
  }

  finished(_index: number, userId: string, outcome: Outcome): void {
    if (outcome === 'booked') return; // the booking freed the slot
    void this.bo.queue.leave(this.request, { userId }).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.tickTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    clearInterval(this.pollTimer);
    this.unsubscribe();
    await this.setup.restore?.();
  }

  report(): QueueRunReport {
    return { settings: this.setup.settings, joined: this.joined, admitted: this.admittedSet.size, refused: this.refusedCount, heartbeats: this.heartbeats, admissionTicks: this.ticks };
  }

  private pumpJoins(): void {
    while (!this.closed && this.joinsInFlight < JOINS_IN_FLIGHT && this.nextJoin < this.arrivedCount) {
      const index = this.nextJoin++;
      this.joinsInFlight++;
      void this.join(index).finally(() => {
        this.joinsInFlight--;
        this.pumpJoins();
      });
    }
  }

  private async join(index: number): Promise<void> {
    const userId = this.hooks.userIdOf(index);
    await this.hooks.turn();
    if (this.closed) return;
    this.joinedAt.set(index, performance.now());
    let ticket: QueueTicket;
    try {
      ticket = await retryShed(() => this.hooks.metrics.time('join', () => this.bo.queue.join(this.request, { userId })), () => this.closed);
    } catch (error) {
      this.joinedAt.delete(index);
      if (this.admittedSet.has(index)) return;
      this.refusedCount++;
      this.hooks.refused(1, isBoxOfficeError(error, 'SOLD_OUT') ? 'soldOut' : 'failed');
      this.hooks.wake();
      return;
    }
    this.joined++;
    this.onTicket(index, ticket);
  }

  private onTicket(index: number, ticket: QueueTicket): void {
    if (ticket.receipt !== null) this.receipts.set(index, ticket.receipt);
    if (ticket.state === 'admitted' && ticket.admissionToken !== null) this.admit(index, ticket.admissionToken);
  }

  /**
   * The queue lost its data and was re-created (`queue.reset`, or QUEUE_RESET on a status):
   * every waiting user joins again with the receipt of their earlier join, as a client would,
   * and gets their number back.
   */
  private async rejoinWaiting(): Promise<void> {
    if (this.rejoining || this.closed) return;
    this.rejoining = true;
    try {
      const users = [...this.joinedAt.keys()];
      for (let i = 0; i < users.length && !this.closed; i += JOINS_IN_FLIGHT) {
        await Promise.all(users.slice(i, i + JOINS_IN_FLIGHT).map((index) => this.rejoin(index)));
      }
    } finally {
      this.rejoining = false;
    }
  }

  private async rejoin(index: number): Promise<void> {
    const receipt = this.receipts.get(index);
    const userId = this.hooks.userIdOf(index);
    const ticket = await retryShed(() => this.bo.queue.join(receipt === undefined ? this.request : { eventId: this.eventId, receipt }, { userId }), () => this.closed).catch(() => null);
    if (ticket && !this.closed) this.onTicket(index, ticket);
  }

  /** A status or heartbeat that says the queue was reset sends everyone waiting back in. */
  private onStatusError(error: unknown): void {
    if (isBoxOfficeError(error, 'QUEUE_RESET')) void this.rejoinWaiting();
  }

  private onUpdate(update: QueueUpdate): void {
    if (update.eventId !== this.eventId) return;
    if (update.type === 'queue.reset') void this.rejoinWaiting();
    if (update.type === 'queue.admitted') {
      for (const a of update.admitted) {
        const index = this.indexOf(a.userId);
        if (index !== null) this.admit(index, a.admissionToken);
      }
    }
    this.hooks.wake();
  }

  private admit(index: number, admissionToken: string): void {
    if (this.admittedSet.has(index)) return;
    this.admittedSet.add(index);
    this.receipts.delete(index);
    const since = this.joinedAt.get(index);
    if (since !== undefined) this.hooks.metrics.latency.queueWait.record(performance.now() - since);
    this.joinedAt.delete(index);
    this.ready.push({ index, admissionToken });
    this.hooks.wake();
  }

  private indexOf(userId: string): number | null {
    const prefix = this.hooks.userIdOf(0).slice(0, -1);
    if (!userId.startsWith(prefix)) return null;
    const index = Number(userId.slice(prefix.length));
    return Number.isSafeInteger(index) && index >= 0 ? index : null;
  }

  private tick(): void {
    if (this.ticking || this.closed || this.joinedAt.size === 0) return;
    this.ticking = true;
    this.ticks++;
    void this.bo.queue
      .admit()
      .catch(() => undefined)
      .finally(() => {
        this.ticking = false;
      });
  }

  /** The users waiting longest ask for their status: an admission whose update they missed is found. */
  private async pollLongestWaiting(): Promise<void> {
    if (this.polling || this.closed) return;
    const now = performance.now();
    const longest: number[] = [];
    // joinedAt keeps join order: the first entries are the longest waiting.
    for (const [index, since] of this.joinedAt) {
      if (now - since < POLL_AFTER_MS || longest.length >= POLL_BATCH) break;
      longest.push(index);
    }
    if (longest.length === 0) return;
    this.polling = true;
    try {
      await Promise.all(
        longest.map(async (index) => {
          const ticket = await this.bo.queue.status(this.request, { userId: this.hooks.userIdOf(index) }).catch((error: unknown) => {
            this.onStatusError(error);
            return null;
          });
          if (!this.closed && ticket?.state === 'admitted' && ticket.admissionToken !== null) this.admit(index, ticket.admissionToken);
        }),
      );
    } finally {
      this.polling = false;
    }
  }

  private async heartbeatAll(): Promise<void> {
    const users = [...this.joinedAt.keys()];
    for (let i = 0; i < users.length && !this.closed; i += JOINS_IN_FLIGHT) {
      await Promise.all(
        users.slice(i, i + JOINS_IN_FLIGHT).map((index) =>
          this.bo.queue.heartbeat(this.request, { userId: this.hooks.userIdOf(index) }).then(
            () => void this.heartbeats++,
            (error: unknown) => this.onStatusError(error),
          ),
        ),
      );
    }
  }
}
