import { BoxOfficeError, isBoxOfficeError, type BoxOffice, type Hold } from '@boxoffice/sdk';
import { parseInput, paymentDetails } from '@boxoffice/sdk/schemas';
import type { CommandContext } from '../../context.js';
import { UsageError } from '../../errors.js';
import { println } from '../../io.js';
import { formatWhen, money } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { bookingJson, printBooking } from '../../output/records.js';
import { allTicketIds, resolveSeats } from './seats.js';

export interface BookOptions {
  readonly eventId?: string | undefined;
  /** Ticket ids or `SECTION:ROW:SEAT` labels. */
  readonly seats?: readonly string[] | undefined;
  /** Best-available: how many seats together. */
  readonly best?: number | undefined;
  readonly section?: string | undefined;
  /** Price ceiling per seat, minor units. */
  readonly maxPrice?: number | undefined;
  readonly userId?: string | undefined;
  readonly token?: string | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `boxoffice book`: holds the seats (named, or the best N), pays with a test token and
 * confirms; prints the booking. A failed payment releases the hold, except when the outcome is
 * unknown (PAYMENT_UNCERTAIN) and an idempotency key was given: then a retry with the same key
 * pays for the same seats. A retry after any other outcome replays that outcome.
 */
export async function book(ctx: CommandContext, options: BookOptions): Promise<number> {
  checkCombinations(options);
  if (missingFlags(options).length > 0 && ctx.io.stdinIsTTY && ctx.io.isTTY) {
    // A person at a terminal: ask for what the flags did not say (prompts loaded only then).
    const { interactiveBook } = await import('./interactive.js');
    return interactiveBook(ctx, options);
  }
  const { eventId, userId, token } = requireFlags(options);
  parseInput(paymentDetails.shape.token, token, '--pay');
  const bo = await ctx.open({ payments: true });
  const key = options.idempotencyKey;
  const hold = await takeHold(bo, { ...options, eventId, userId, key });
  const view = await bo.events.get(eventId);
  const held = view.tickets.filter((t) => hold.ticketIds.includes(t.id));
  println(ctx.io.stderr, `Holding ${held.length} seats (${money(hold.total, hold.currency)}) until ${formatWhen(hold.expiresAt)}; paying with ${token}...`);
  let booking;
  try {
    booking = await bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token } }, { userId, ...(key ? { idempotencyKey: `${key}:confirm` } : {}) });
  } catch (error) {
    if (key && isBoxOfficeError(error, 'PAYMENT_UNCERTAIN')) {
      // The SDK lets this key be retried: keep the seats for that retry.
      println(ctx.io.stderr, `Hold ${hold.id} is kept until ${formatWhen(hold.expiresAt)}: retry with the same --idempotency-key.`);
      throw error;
    }
    const released = await bo.holds.release(hold.id, { userId }).then(
      () => true,
      () => false,
    );
    throw released && isBoxOfficeError(error) ? afterRelease(error) : error;
  }
  if (options.json) {
    printJson(ctx.io, bookingJson(booking, view.tickets));
  } else {
    printBooking(ctx.io, booking, view.tickets, view);
  }
  return 0;
}

/** The SDK's error, reworded: the CLI released the hold the SDK would have kept for a retry. */
function afterRelease(error: BoxOfficeError): BoxOfficeError {
  const what = error.message.split(';')[0] ?? error.message;
  return new BoxOfficeError(error.code, `${what}; nothing was sold and the seats were released`, {
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.details === undefined ? {} : { details: error.details }),
    cause: error,
  });
}

function checkCombinations(o: BookOptions): void {
  if (o.seats !== undefined && o.best !== undefined) throw new UsageError('give --seats or --best, not both', 'book');
  if (o.seats !== undefined && (o.section !== undefined || o.maxPrice !== undefined)) {
    throw new UsageError('--section and --max-price go with --best', 'book');
  }
}

function missingFlags(o: BookOptions): string[] {
  return [
    ...(o.eventId === undefined ? ['--event <id>'] : []),
    ...(o.seats === undefined && o.best === undefined ? ['--seats <ids> or --best <n>'] : []),
    ...(o.userId === undefined ? ['--user <id>'] : []),
    ...(o.token === undefined ? ['--pay <tok_...>'] : []),
  ];
}

/** Without a terminal every piece must come as a flag. */
function requireFlags(o: BookOptions): { eventId: string; userId: string; token: string } {
  if (o.best === undefined && (o.section !== undefined || o.maxPrice !== undefined)) {
    throw new UsageError('--section and --max-price go with --best', 'book');
  }
  const missing = missingFlags(o);
  if (missing.length > 0 || o.eventId === undefined || o.userId === undefined || o.token === undefined) {
    throw new UsageError(`missing ${missing.join(', ')} (or run it on a terminal to be asked)`, 'book');
  }
  return { eventId: o.eventId, userId: o.userId, token: o.token };
}

async function takeHold(bo: BoxOffice, o: BookOptions & { eventId: string; userId: string; key: string | undefined }): Promise<Hold> {
  const call = { userId: o.userId, ...(o.key ? { idempotencyKey: `${o.key}:hold` } : {}) };
  if (o.seats !== undefined) {
    const ticketIds = allTicketIds(o.seats) ? [...o.seats] : resolveSeats(o.seats, await bo.events.tickets(o.eventId));
    return bo.holds.create({ eventId: o.eventId, ticketIds }, call);
  }
  const best = {
    quantity: o.best ?? 0,
    ...(o.section === undefined ? {} : { section: o.section }),
    ...(o.maxPrice === undefined ? {} : { maxPrice: o.maxPrice }),
  };
  return bo.holds.create({ eventId: o.eventId, best }, call);
}
