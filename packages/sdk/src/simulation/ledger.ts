import type { Booking, Hold } from '../domain/types.js';

/**
 * What the virtual users were told, kept for the final audit: every booking they got back,
 * and the holds that must NOT have become bookings (abandoned, or unpaid after a decline or a
 * failure). Holds that simply succeeded are only counted.
 */
export class RunLedger {
  readonly bookings = new Map<string, Booking>();
  readonly abandonedHolds = new Set<string>();
  /** Holds whose user left without a booking after a declined card or a failed confirm. */
  readonly unpaidHolds = new Set<string>();
  /** Holds that saw a declined card (whether or not the retry paid). */
  readonly declinedHolds = new Set<string>();
  holds = 0;
  /** Seats in abandoned holds (they come back when the holds expire). */
  abandonedSeats = 0;

  held(_hold: Hold): void {
    this.holds++;
  }

  abandoned(hold: Hold): void {
    this.abandonedHolds.add(hold.id);
    this.abandonedSeats += hold.ticketIds.length;
  }

  declined(hold: Hold): void {
    this.declinedHolds.add(hold.id);
  }

  unpaid(hold: Hold): void {
    this.unpaidHolds.add(hold.id);
  }

  booked(booking: Booking): void {
    this.bookings.set(booking.id, booking);
    this.unpaidHolds.delete(booking.holdId);
  }
}
