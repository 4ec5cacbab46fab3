import type { CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { money, plural } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { bookingJson, printBooking } from '../../output/records.js';

export interface BookingsCancelOptions {
  readonly bookingId: string;
  readonly userId: string;
  readonly idempotencyKey?: string | undefined;
  /** An operator's cancel: past the event's refund deadline too (an admin token against a deployment). */
  readonly asOperator?: boolean | undefined;
  readonly json?: boolean | undefined;
}

/** `boxoffice bookings cancel <id> --user U`: cancels, refunds, and returns the seats to sale. */
export async function bookingsCancel(ctx: CommandContext, options: BookingsCancelOptions): Promise<number> {
  const bo = await ctx.open({ payments: true });
  const booking = await bo.bookings.cancel(options.bookingId, {
    userId: options.userId,
    ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
    ...(options.asOperator ? { asOperator: true } : {}),
  });
  const view = await bo.events.get(booking.eventId);
  println(ctx.io.stderr, `Cancelled ${booking.id}: ${plural(booking.ticketIds.length, 'seat')} back on sale; refund of ${money(booking.total, booking.currency)} requested.`);
  if (options.json) printJson(ctx.io, bookingJson(booking, view.tickets));
  else printBooking(ctx.io, booking, view.tickets, view);
  return 0;
}
