import { bestAvailable, bestAvailableIn, buildSeatLayout, RowBlockIndex, type BestAvailableOptions, type BestAvailableRequest, type Candidate, type SeatLayout, type SectionOrder } from '../domain/best-available.js';
import type { Store } from '../ports/store.js';

/** How many events' layouts are kept (a 50,000-seat layout is a few MB). */
const LAYOUTS_KEPT = 32;

/**
 * Best-available candidates for one hold, read as cheaply as the store allows. With
 * `getAvailability` the seats' layout is built once per event (and again only when the store
 * reports a new layout version) and each hold reads just availability; otherwise each hold
 * reads a full snapshot, as before.
 */
export class BestAvailableReader {
  /** Least recently used first (a Map keeps insertion order). */
  private readonly layouts = new Map<string, { version: string; layout: SeatLayout; index: RowBlockIndex }>();

  constructor(private readonly store: Store) {}

  async candidates(
    eventId: string,
    orders: ReadonlyMap<string, SectionOrder>,
    request: BestAvailableRequest,
    options: BestAvailableOptions,
  ): Promise<Candidate[]> {
    const availability = await this.store.getAvailability?.(eventId);
    if (!availability) return bestAvailable(await this.store.getSnapshot(eventId), orders, request, options);
    let cached = this.layouts.get(eventId);
    this.layouts.delete(eventId);
    if (!cached || cached.version !== availability.layoutVersion || cached.layout.seats.length !== availability.size) {
      const snapshot = await this.store.getSnapshot(eventId);
      // The event changed between the two reads: this once, use the snapshot alone.
      if (snapshot.length !== availability.size) return bestAvailable(snapshot, orders, request, options);
      const layout = buildSeatLayout(snapshot, orders);
      cached = { version: availability.layoutVersion, layout, index: new RowBlockIndex(layout) };
    }
    this.layouts.set(eventId, cached);
    if (this.layouts.size > LAYOUTS_KEPT) this.layouts.delete(this.layouts.keys().next().value!);
    return bestAvailableIn({ layout: cached.layout, available: availability.available, index: cached.index }, request, options);
  }
}
