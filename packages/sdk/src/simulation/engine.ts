import type { BoxOffice } from '../box-office.js';
import { auditRun, readBaseline, type RunBaseline } from './audit.js';
import { ExpiryDriver } from './expiry.js';
import { OpenGate, type Admitted, type Gate } from './gate.js';
import { RunLedger } from './ledger.js';
import { LiveInventory } from './live-inventory.js';
import { SimulationMetrics, type Outcome, type SimulationProgress } from './metrics.js';
import { resolveSimulationOptions, type ResolvedSimulationOptions, type SimulationOptions } from './options.js';
import { prepareEvent, type PreparedEvent } from './prepare.js';
import { createQueueGate } from './queue-gate.js';
import { planOf } from './random.js';
import { perSecond, type SimulationReport } from './report.js';
import { Turns } from './turns.js';
import { runJourney, type JourneyContext } from './virtual-user.js';

/**
 * Runs an on-sale: virtual users arrive (all at once, or `arrivalRate` a second), wait for a
 * slot (at most `concurrency` in flight) — or for the queue — then hold, pay and confirm as
 * their seeded plan says. Written only against the `BoxOffice` interface. Ends when every
 * user is done, or when the event is sold out and nobody is in flight (everyone still to come
 * is told at once, from the live count, without a hold attempt). Then audits the final state.
 */
export async function runSimulation(bo: BoxOffice, options: SimulationOptions): Promise<SimulationReport> {
  const o = resolveSimulationOptions(options);
  const setupStarted = performance.now();
  const prepared = await prepareEvent(bo, options, o);
  const run = new SimulationRun(bo, options, o, prepared);
  await run.setup().catch(async (error: unknown) => {
    await run.dispose();
    throw error;
  });
  if (options.beforeStart) {
    await options.beforeStart().catch(async (error: unknown) => {
      await run.dispose();
      throw error;
    });
  }
  const setupMs = performance.now() - setupStarted;
  await run.execute();
  return run.report(setupMs);
}

class SimulationRun {
  private readonly metrics = new SimulationMetrics();
  private readonly ledger = new RunLedger();
  private readonly view: LiveInventory;
  private readonly expiry: ExpiryDriver;
  private readonly journey: JourneyContext;
  private readonly turns = new Turns();
  private readonly userPrefix = `sim-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}-`;
  private gate: Gate = new OpenGate();
  private baseline: RunBaseline = { soldTicketIds: new Set() };
  private soldBefore = 0;
  private arrivedCount = 0;
  private started = 0;
  private inFlight = 0;
  private awaitingHold = 0;
  private holdingUsers = 0;
  private finished = 0;
  private turnedAway = 0;
  private startAt = 0;
  private endAt = 0;
  private soldOutAt: number | null = null;
  private stopping = false;
  private aborted = false;
  private ended = false;
  private scheduled = false;
  private fruitlessUnstalls = 0;
  private arrivalTimer: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private resolveDone: () => void = () => undefined;

  constructor(
    private readonly bo: BoxOffice,
    private readonly options: SimulationOptions,
    private readonly o: ResolvedSimulationOptions,
    private readonly prepared: PreparedEvent,
  ) {
    const eventId = prepared.event.id;
    this.view = new LiveInventory(bo, eventId, o.section, () => this.schedule());
    this.expiry = new ExpiryDriver(bo, prepared.event.holdTtlSeconds, options.storeClock);
    this.journey = {
      bo,
      eventId,
      seatsPerUser: o.seatsPerUser,
      section: o.section,
      metrics: this.metrics,
      ledger: this.ledger,
      turn: () => this.turns.next(),
      stopping: () => this.stopping,
      seatsLeft: () => this.view.counts().available,
      resync: () => void this.view.resync().catch(() => undefined),
      holdSettled: () => void this.awaitingHold--,
      holding: (delta) => void (this.holdingUsers += delta),
    };
  }

  async setup(): Promise<void> {
    const tickets = await this.view.start();
    this.soldBefore = this.view.counts().sold;
    this.baseline = readBaseline(tickets);
    if (this.o.queue) {
      this.gate = await createQueueGate(this.bo, this.o, this.prepared.event.id, {
        wake: () => this.schedule(),
        refused: (n, outcome) => this.turnAway(n, outcome),
        userIdOf: (index) => `${this.userPrefix}${index}`,
        turn: () => this.turns.next(),
        metrics: this.metrics,
      });
    }
  }

  /** Lets go of the feed and the queue after a failed setup. */
  async dispose(): Promise<void> {
    this.view.stop();
    await this.gate.close();
  }

  execute(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.resolveDone = resolve;
      this.startAt = performance.now();
      this.progressTimer = setInterval(() => this.options.onProgress?.(this.progress()), this.o.progressIntervalMs);
      const signal = this.options.signal;
      if (signal?.aborted) this.abort();
      signal?.addEventListener('abort', () => this.abort(), { once: true });
      this.pump();
    });
  }

  private abort(): void {
    this.aborted = true;
    this.stopping = true;
    this.schedule();
  }

  /** Coalesces wake-ups into one pump per turn of the event loop (timers and I/O get their turn). */
  private schedule(): void {
    if (this.scheduled || this.ended) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.ended) return;
    const now = performance.now();
    this.updateArrivals(now);
    const k = this.o.seatsPerUser;
    const counts = this.view.counts();
    const soldOut = counts.available + counts.reserved < k;
    if (soldOut && this.soldOutAt === null) this.soldOutAt = now;
    if (soldOut) {
      // Everyone not started yet — waiting, queued or still to arrive — is told at once.
      this.turnAway(this.o.users - this.started - this.turnedAway);
    } else if (!this.stopping) {
      // Start only users the live count has seats for: the rest wait for seats to come back.
      let room = Math.min(this.o.concurrency - this.inFlight, Math.floor((counts.available - this.awaitingHold * k) / k));
      for (let next: Admitted | null; room > 0 && (next = this.gate.next()) !== null; room--) this.startUser(next);
      if (this.inFlight === 0 && this.gate.waiting > 0 && counts.available < k) this.unstall();
    }
    if (this.inFlight === 0 && (this.stopping || this.started + this.turnedAway >= this.o.users)) this.end();
  }

  private updateArrivals(now: number): void {
    if (this.arrivedCount >= this.o.users) return;
    const rate = this.o.arrivalRate;
    const simulatedSeconds = (now - this.startAt) / 1000 / this.o.timeScale;
    this.arrivedCount = rate === 0 ? this.o.users : Math.min(this.o.users, Math.floor(simulatedSeconds * rate) + 1);
    this.gate.arrived(this.arrivedCount);
    if (this.arrivedCount < this.o.users && this.arrivalTimer === null) {
      const nextAt = this.startAt + (this.arrivedCount / rate) * this.o.timeScale * 1000;
      this.arrivalTimer = setTimeout(() => {
        this.arrivalTimer = null;
        this.schedule();
      }, Math.max(1, nextAt - now));
    }
  }

  /** Users who end without starting: told "sold out" (or refused by the queue for another reason). */
  private turnAway(n: number, outcome: Extract<Outcome, 'soldOut' | 'failed'> = 'soldOut'): void {
    const count = Math.min(n, this.o.users - this.started - this.turnedAway);
    if (count <= 0) return;
    this.turnedAway += count;
    this.metrics.outcomes[outcome] += count;
  }

  private startUser(next: Admitted): void {
    this.started++;
    this.inFlight++;
    this.awaitingHold++;
    const user = { index: next.index, id: `${this.userPrefix}${next.index}`, plan: planOf(this.o.seed, next.index, this.o), admissionToken: next.admissionToken };
    runJourney(this.journey, user)
      .catch((): Outcome => {
        this.metrics.countError('hold', 'UNEXPECTED');
        return 'failed';
      })
      .then((outcome) => {
        this.inFlight--;
        this.finished++;
        this.metrics.outcomes[outcome]++;
        this.gate.finished(next.index, user.id, outcome);
        this.schedule();
      });
  }

  /** Nobody in flight, users waiting, too few seats available: bring abandoned holds back. */
  private unstall(): void {
    if (this.expiry.busy) return;
    const before = this.view.counts();
    void this.expiry
      .unstall()
      .then(() => this.view.resync(true))
      .catch(() => undefined)
      .then(() => {
        const after = this.view.counts();
        const moved = after.available !== before.available || after.reserved !== before.reserved || after.sold !== before.sold;
        this.fruitlessUnstalls = moved ? 0 : this.fruitlessUnstalls + 1;
        // A movable clock that frees nothing three times running will never free anything.
        if (this.options.storeClock && this.fruitlessUnstalls >= 3) this.stopping = true;
        this.schedule();
      });
  }

  private end(): void {
    this.ended = true;
    this.endAt = performance.now();
    if (this.arrivalTimer) clearTimeout(this.arrivalTimer);
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.expiry.stop();
    this.options.onProgress?.(this.progress());
    this.resolveDone();
  }

  private progress(): SimulationProgress {
    const counts = this.view.counts();
    const window = this.metrics.takeWindow();
    return {
      elapsedMs: Math.round((this.ended ? this.endAt : performance.now()) - this.startAt),
      users: this.o.users,
      arrived: this.arrivedCount,
      waiting: this.gate.waiting,
      admitted: this.gate.admitted,
      inFlight: this.inFlight,
      holding: this.holdingUsers,
      done: this.finished + this.turnedAway,
      booked: this.metrics.outcomes.booked,
      seats: this.view.total,
      sold: counts.sold - this.soldBefore,
      available: counts.available,
      holdsPerSecond: window.holdsPerSecond,
      p99HoldMs: window.p99HoldMs,
      soldOut: this.soldOutAt !== null,
    };
  }

  async report(setupMs: number): Promise<SimulationReport> {
    const counts = this.view.counts();
    this.view.stop();
    await this.gate.close();
    const auditStarted = performance.now();
    const audit = await auditRun(this.bo, this.prepared.event.id, this.ledger, this.baseline);
    const runMs = this.endAt - this.startAt;
    const m = this.metrics;
    return {
      ok: audit.ok,
      eventId: this.prepared.event.id,
      createdEvent: this.prepared.created,
      storeKind: this.bo.storeKind,
      options: this.o,
      holdTtlSeconds: this.prepared.event.holdTtlSeconds,
      aborted: this.aborted,
      seats: { total: this.view.total, soldBefore: this.soldBefore, soldByRun: audit.soldSeats, reservedAtEnd: counts.reserved, availableAtEnd: counts.available },
      users: { total: this.o.users, arrived: this.arrivedCount, started: this.started, notStarted: this.o.users - this.started - this.turnedAway, ...m.outcomes },
      soldOut: this.soldOutAt !== null,
      timeToSellOutMs: this.soldOutAt === null ? null : Math.round(this.soldOutAt - this.startAt),
      setupMs: Math.round(setupMs),
      runMs: Math.round(runMs),
      auditMs: Math.round(performance.now() - auditStarted),
      holds: m.holdsTaken,
      bookings: this.ledger.bookings.size,
      throughput: {
        usersPerSecond: perSecond(this.finished + this.turnedAway, runMs),
        holdsPerSecond: perSecond(m.holdsTaken, runMs),
        bookingsPerSecond: perSecond(this.ledger.bookings.size, runMs),
        seatsPerSecond: perSecond(m.seatsBooked, runMs),
      },
      latency: m.latencySummaries(),
      errors: m.errorsByStep(),
      expiry: this.expiry.report(),
      queue: this.gate.report(),
      audit,
    };
  }
}
