import { bestAvailableIn, type BestAvailableRequest, type SeatLayout, type SeatsNow, type SectionOrder } from '../domain/best-available.js';
import type { Store, TakeHoldRequest, TakeHoldResult } from '../ports/store.js';
import type { BestAvailableReader } from './best-available-reader.js';
import { takeHolds } from './take-holds.js';

/** How many equally good blocks a pick is spread over (so processes picking at once rarely collide). */
const SPREAD = 8;
/** Most buyers of one event placed from one availability read and sent as one call. */
const MAX_BATCH = 256;
/**
 * Holds a buyer may lose to other writers (another process, a named-seat hold) between the
 * read and the write before being refused. Each loss is followed by a fresh read, so only a
 * sustained race with other processes for the very same seats reaches it.
 */
const MAX_RACES_LOST = 12;

export interface BestHoldAsk {
  readonly eventId: string;
  readonly userId: string;
  readonly best: BestAvailableRequest;
  /** Builds the store request for the seats picked (hold id, lifetime, per-user limit). */
  readonly request: (ticketIds: readonly string[]) => TakeHoldRequest;
}

/** The store's answer for the block picked, or `null`: no block meeting the buyer's constraints was free. */
export type BestHoldOutcome = TakeHoldResult | null;

interface Waiting {
  readonly ask: BestHoldAsk;
  racesLost: number;
  readonly resolve: (outcome: BestHoldOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Best-available holds of one event, placed together: the buyers who ask while a placement is
 * under way wait for it, then all get disjoint blocks from ONE availability read and are sent
 * as ONE store call (`takeHolds`). One buyer after another used to read availability, race
 * for the top candidates everyone else was racing for, and give up after a few lost races
 * while half the event was free.
 *
 * A buyer is refused (`null`) only when a read begun after they asked shows no block meeting
 * their constraints once the buyers placed before them in that read have theirs. A buyer who
 * finds nothing only because earlier buyers of the same read took the last blocks waits for
 * the next read (those holds may still fail). A block lost to another writer is asked for
 * again from a fresh read.
 */
export class BestAvailableAllocator {
  /** Buyers waiting per event; an event has an entry while its placement loop runs. */
  private readonly lines = new Map<string, Waiting[]>();
  private readonly positions = new WeakMap<SeatLayout, Map<string, number>>();

  constructor(
    private readonly store: Store,
    private readonly reader: BestAvailableReader,
    private readonly random: () => number,
  ) {}

  hold(ask: BestHoldAsk, orders: ReadonlyMap<string, SectionOrder>): Promise<BestHoldOutcome> {
    return new Promise((resolve, reject) => {
      const waiting: Waiting = { ask, racesLost: 0, resolve, reject };
      const line = this.lines.get(ask.eventId);
      if (line) {
        line.push(waiting);
        return;
      }
      const fresh = [waiting];
      this.lines.set(ask.eventId, fresh);
      void this.run(ask.eventId, fresh, orders);
    });
  }

  /** Places the event's waiting buyers batch after batch until none is left. */
  private async run(eventId: string, line: Waiting[], orders: ReadonlyMap<string, SectionOrder>): Promise<void> {
    try {
      while (line.length > 0) {
        const batch = line.splice(0, MAX_BATCH);
        const again = await this.place(eventId, batch, orders);
        // Those sent round again go first: they asked before anyone still in the line.
        line.unshift(...again);
      }
    } catch (error) {
      // A fault of the placement itself (not the store's answers, which `place` settles):
      // nobody still waiting is left hanging. A batch in flight has been settled already.
      for (const w of line.splice(0)) w.reject(error);
    } finally {
      this.lines.delete(eventId);
    }
  }

  /** One read, one call. Returns the buyers to place again from the next read. */
  private async place(eventId: string, batch: readonly Waiting[], orders: ReadonlyMap<string, SectionOrder>): Promise<Waiting[]> {
    let seats: SeatsNow | null;
    try {
      seats = await this.reader.seatsNow(eventId, orders);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return [];
    }
    const again: Waiting[] = [];
    const sent: Waiting[] = [];
    const requests: TakeHoldRequest[] = [];
    for (const w of batch) {
      let picked: string[] | null;
      try {
        picked = seats ? this.pick(seats, w.ask.best) : null;
      } catch (error) {
        w.reject(error);
        continue;
      }
      if (picked) {
        sent.push(w);
        requests.push(w.ask.request(picked));
      } else if (requests.length > 0) {
        // Buyers placed earlier in this read may have taken the last blocks; their holds
        // are not decided yet.
        again.push(w);
      } else {
        w.resolve(null);
      }
    }
    if (requests.length === 0) return again;
    const settled = await takeHolds(this.store, requests);
    const lost: Waiting[] = [];
    sent.forEach((w, i) => {
      const outcome = settled[i]!;
      if (outcome.status === 'rejected') return w.reject(outcome.reason);
      const result = outcome.value;
      if (!result.ok && result.reason === 'SEAT_UNAVAILABLE' && ++w.racesLost < MAX_RACES_LOST) lost.push(w);
      else w.resolve(result);
    });
    return [...lost, ...again];
  }

  /** The best block for `best` among `seats`, marked taken in `seats` so the next buyer gets another. */
  private pick(seats: SeatsNow, best: BestAvailableRequest): string[] | null {
    const candidates = bestAvailableIn(seats, best, { limit: SPREAD, spread: SPREAD, random: this.random });
    const chosen = candidates[0];
    if (!chosen) return null;
    const positions = this.positionsOf(seats.layout);
    for (const id of chosen.ticketIds) {
      const p = positions.get(id)!;
      seats.available[p >>> 5] = seats.available[p >>> 5]! & ~(1 << (p & 31));
    }
    return [...chosen.ticketIds];
  }

  private positionsOf(layout: SeatLayout): Map<string, number> {
    let map = this.positions.get(layout);
    if (!map) {
      map = new Map(layout.seats.map((s, i) => [s.id, i]));
      this.positions.set(layout, map);
    }
    return map;
  }
}
