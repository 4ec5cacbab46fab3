import type { SeatAvailability } from '../../ports/store.js';
import type { TicketRow } from './memory-state.js';

/**
 * One event's availability by ticket position, kept up to date on every status change so that
 * best-available reads it without building a 50,000-object snapshot per hold: a read is a copy
 * of one bit per seat.
 *
 * Expiry needs no write: a reserved seat is available again once the clock passes its
 * `reservedUntil`. So each reservation is also queued by expiry time, and a read first sets
 * the bits of the reservations that ran out since (the exact per-seat time decides, so a seat
 * re-reserved or sold meanwhile stays taken).
 */
export class EventAvailability {
  /** Per position: epoch ms until which the ticket is taken (0: available; Infinity: sold). */
  private readonly takenUntil: Float64Array;
  /** Per position, one bit: set when available (as of the last read, plus writes since). */
  private readonly bits: Uint32Array;
  private readonly expiries = new ExpiryQueue();
  /** Grows when a ticket's price changes: layouts cached under an older version must be rebuilt. */
  private layoutGeneration = 0;

  constructor(
    private readonly eventId: string,
    size: number,
  ) {
    this.takenUntil = new Float64Array(size);
    this.bits = new Uint32Array(Math.ceil(size / 32));
    for (let i = 0; i < size; i++) this.setBit(i, true);
  }

  get size(): number {
    return this.takenUntil.length;
  }

  sync(row: TicketRow): void {
    const until =
      row.status === 'AVAILABLE' ? 0 : row.status === 'RESERVED' && row.reservedUntil !== null ? Date.parse(row.reservedUntil) : Infinity;
    this.takenUntil[row.ordinal] = until;
    this.setBit(row.ordinal, until === 0);
    if (until > 0 && until < Infinity) this.expiries.push(until, row.ordinal);
  }

  /** A ticket's price changed. */
  layoutChanged(): void {
    this.layoutGeneration++;
  }

  /** Availability as of `now`: expired reservations applied, then a copy of the bits. */
  read(now: number): SeatAvailability {
    while (this.expiries.nextAt() <= now) {
      const position = this.expiries.pop();
      if (this.takenUntil[position]! <= now) this.setBit(position, true);
    }
    return { layoutVersion: `${this.eventId}:${this.layoutGeneration}`, size: this.size, available: this.bits.slice() };
  }

  private setBit(position: number, available: boolean): void {
    const w = position >>> 5;
    const mask = 1 << (position & 31);
    this.bits[w] = available ? this.bits[w]! | mask : this.bits[w]! & ~mask;
  }
}

/** A binary min-heap of (time, position): reservations by expiry. */
class ExpiryQueue {
  private readonly times: number[] = [];
  private readonly positions: number[] = [];

  nextAt(): number {
    return this.times.length > 0 ? this.times[0]! : Infinity;
  }

  push(time: number, position: number): void {
    let i = this.times.length;
    this.times.push(time);
    this.positions.push(position);
    while (i > 0) {
      const parent = (i - 1) >>> 1;
      if (this.times[parent]! <= time) break;
      this.move(parent, i);
      i = parent;
    }
    this.times[i] = time;
    this.positions[i] = position;
  }

  /** Removes the earliest entry and returns its position (call only when not empty). */
  pop(): number {
    const top = this.positions[0]!;
    const lastTime = this.times.pop()!;
    const lastPosition = this.positions.pop()!;
    const size = this.times.length;
    if (size === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      const child = right < size && this.times[right]! < this.times[left]! ? right : left;
      if (this.times[child]! >= lastTime) break;
      this.move(child, i);
      i = child;
    }
    this.times[i] = lastTime;
    this.positions[i] = lastPosition;
    return top;
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!;
    this.positions[to] = this.positions[from]!;
  }
}
