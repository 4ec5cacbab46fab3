import type { CommandContext } from '../../context.js';
import { printJson } from '../../output/json.js';
import { bookingJson, printBooking } from '../../output/records.js';

export interface BookingsShowOptions {
  readonly bookingId: string;
  /** When given, the booking must be this user's (as a user would see it). */
  readonly userId?: string | undefined;
  readonly json?: boolean | undefined;
}

/** `boxoffice bookings show <id>`: one booking with its seats. */
export async function bookingsShow(ctx: CommandContext, options: BookingsShowOptions): Promise<number> {
  const bo = await ctx.open();
  const booking = await bo.bookings.get(options.bookingId, { userId: options.userId });
  const view = await bo.events.get(booking.eventId);
  if (options.json) printJson(ctx.io, bookingJson(booking, view.tickets));
  else printBooking(ctx.io, booking, view.tickets, view);
  return 0;
}
