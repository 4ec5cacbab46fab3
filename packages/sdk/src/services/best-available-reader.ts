import {
  availabilityBits,
  bestAvailableIn,
  buildSeatLayout,
  RowBlockIndex,
  type BestAvailableOptions,
  type BestAvailableRequest,
  type Candidate,
  type SeatLayout,
  type SeatsNow,
  type SectionOrder,
} from '../domain/best-available.js';
import type { SeatAvailability, Store } from '../ports/store.js';

/** How many events' layouts are kept (a 50,000-seat layout is a few MB). */
const LAYOUTS_KEPT = 32;

/**
 * Best-available candidates for one hold, read as cheaply as the store allows. With
 * `getAvailability` the seats' layout and its row index are built once per event (and again
 * only when the store reports a new layout version) and each hold reads just availability;
 * otherwise each hold reads a full snapshot, as before.
 */
interface CachedLayout {
  readonly version: string;
  readonly layout: SeatLayout;
  readonly index: RowBlockIndex;
}

export class BestAvailableReader {
  /** Oldest build first (a Map keeps insertion order): the first to go past `LAYOUTS_KEPT`. */
  private readonly layouts = new Map<string, CachedLayout>();
  /** Builds under way: the first holds of an on-sale arrive together and must not each build. */
  private readonly building = new Map<string, Promise<CachedLayout | null>>();
  /** Availability reads in flight, and the one queued behind each (see `readAvailability`). */
  private readonly reading = new Map<string, Promise<SeatAvailability | null>>();
  private readonly queued = new Map<string, Promise<SeatAvailability | null>>();

  constructor(private readonly store: Store) {}

  async candidates(
    eventId: string,
    orders: ReadonlyMap<string, SectionOrder>,
    request: BestAvailableRequest,
    options: BestAvailableOptions,
  ): Promise<Candidate[]> {
    const seats = await this.seatsNow(eventId, orders);
    return seats ? bestAvailableIn(seats, request, options) : [];
  }

  /**
   * The event's seats as of one availability read begun after this call (its `available` is
   * the caller's own copy, free to mark seats in), or null when the event has no tickets.
   */
  async seatsNow(eventId: string, orders: ReadonlyMap<string, SectionOrder>): Promise<SeatsNow | null> {
    const availability = this.store.getAvailability ? await this.readAvailability(eventId) : null;
    if (!availability) return this.fromSnapshot(eventId, orders);
    const fits = (c: CachedLayout | null | undefined): c is CachedLayout =>
      !!c && c.version === availability.layoutVersion && c.layout.seats.length === availability.size;
    let cached: CachedLayout | null | undefined = this.layouts.get(eventId);
    if (!fits(cached)) {
      let pending = this.building.get(eventId);
      if (!pending) {
        pending = this.build(eventId, orders, availability.layoutVersion, availability.size).finally(() => this.building.delete(eventId));
        this.building.set(eventId, pending);
      }
      cached = await pending;
      // The event changed between the reads (or a build for another version was under way):
      // this once, rank from a snapshot alone.
      if (!fits(cached)) return this.fromSnapshot(eventId, orders);
    }
    // A read may be shared by several callers: each marks seats in a copy of its own.
    return { layout: cached.layout, available: availability.available.slice(), index: cached.index };
  }

  private async fromSnapshot(eventId: string, orders: ReadonlyMap<string, SectionOrder>): Promise<SeatsNow | null> {
    const snapshot = await this.store.getSnapshot(eventId);
    if (snapshot.length === 0) return null;
    return { layout: buildSeatLayout(snapshot, orders), available: availabilityBits(snapshot.map((s) => s.available)) };
  }

  /**
   * One event's availability, shared by the holds that ask together. On PostgreSQL a read
   * aggregates every ticket of the event (10,000 rows for a 10,000-seat event), and an on-sale
   * sends hundreds of holds at once: each paid for its own read. Now a hold joins the read
   * queued behind the one in flight — never the one in flight, which began before the hold
   * asked and may miss a change the caller already knows of — so at most two reads per event
   * are under way, each one serving every hold that arrived while the previous ran. A read is
   * still only a hint: the hold is a conditional write, and a taken seat sends it to the next
   * candidate.
   */
  private readAvailability(eventId: string): Promise<SeatAvailability | null> {
    const running = this.reading.get(eventId);
    if (!running) return this.startRead(eventId);
    let next = this.queued.get(eventId);
    if (!next) {
      next = running.then(
        () => this.startRead(eventId),
        () => this.startRead(eventId),
      );
      this.queued.set(eventId, next);
    }
    return next;
  }

  private startRead(eventId: string): Promise<SeatAvailability | null> {
    if (this.queued.has(eventId)) this.queued.delete(eventId);
    const read = this.store.getAvailability!(eventId).then((a) => a ?? null);
    this.reading.set(eventId, read);
    const done = () => {
      if (this.reading.get(eventId) === read) this.reading.delete(eventId);
    };
    read.then(done, done);
    return read;
  }

  private async build(eventId: string, orders: ReadonlyMap<string, SectionOrder>, version: string, size: number): Promise<CachedLayout | null> {
    const snapshot = await this.store.getSnapshot(eventId);
    if (snapshot.length !== size) return null;
    const layout = buildSeatLayout(snapshot, orders);
    const cached = { version, layout, index: new RowBlockIndex(layout) };
    this.layouts.delete(eventId);
    this.layouts.set(eventId, cached);
    if (this.layouts.size > LAYOUTS_KEPT) this.layouts.delete(this.layouts.keys().next().value!);
    return cached;
  }
}
