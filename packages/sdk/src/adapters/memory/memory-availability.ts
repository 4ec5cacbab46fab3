import type { SeatAvailability } from '../../ports/store.js';
import type { TicketRow } from './memory-state.js';

/**
 * One event's availability by ticket position, kept up to date on every status change so that
 * best-available reads it without building a 50,000-object snapshot per hold. Expiry needs no
 * write: a ticket is stored as taken *until* an instant, and is available once the clock has
 * passed it.
 */
export class EventAvailability {
  /** Per position: epoch ms until which the ticket is taken (0: available; Infinity: sold). */
  private readonly takenUntil: Float64Array;
  /** Grows when a ticket's price (or place) changes: cached layouts must then be rebuilt. */
  private layoutChanges = 0;

  constructor(
    private readonly eventId: string,
    size: number,
  ) {
    this.takenUntil = new Float64Array(size);
  }

  get size(): number {
    return this.takenUntil.length;
  }

  sync(row: TicketRow): void {
    this.takenUntil[row.ordinal] =
      row.status === 'AVAILABLE' ? 0 : row.status === 'RESERVED' && row.reservedUntil !== null ? Date.parse(row.reservedUntil) : Infinity;
  }

  /** For writers of prices (inventory admin): invalidates layouts built before. */
  layoutChanged(): void {
    this.layoutChanges++;
  }

  /** Availability as of `now`: one pass over a typed array, nothing else allocated. */
  read(now: number): SeatAvailability {
    const takenUntil = this.takenUntil;
    const available = new Uint8Array(takenUntil.length);
    for (let i = 0; i < takenUntil.length; i++) available[i] = takenUntil[i]! <= now ? 1 : 0;
    return { layoutVersion: `${this.eventId}:${this.layoutChanges}`, available };
  }
}
