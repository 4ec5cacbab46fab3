import type { CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { formatShortWhen, money, pagePosition } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { printTable } from '../../output/table.js';

export interface BookingsListOptions {
  readonly userId?: string | undefined;
  readonly eventId?: string | undefined;
  readonly page?: number | undefined;
  readonly pageSize?: number | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `boxoffice bookings list`: one page of bookings, filtered by user and/or event. `--json` prints
 * the SDK's page: `{ items, total, page, pageSize, hasMore }`.
 */
export async function bookingsList(ctx: CommandContext, options: BookingsListOptions): Promise<number> {
  const bo = await ctx.open();
  const page = await bo.bookings.list(
    { ...(options.eventId === undefined ? {} : { eventId: options.eventId }), page: options.page ?? 1, pageSize: options.pageSize ?? 50 },
    { userId: options.userId },
  );
  if (options.json) {
    printJson(ctx.io, page);
    return 0;
  }
  const bookings = page.items;
  if (bookings.length === 0) {
    println(ctx.io.stderr, page.total > 0 ? `No bookings on this page (${page.total.toLocaleString('en-US')} in all).` : 'No bookings found.');
    return 0;
  }
  // A column every row shares (the filter's) says nothing: leave it out.
  const showEvent = options.eventId === undefined;
  const showUser = options.userId === undefined;
  printTable(
    ctx.io,
    ['ID', 'STATUS', ...(showEvent ? ['EVENT'] : []), ...(showUser ? ['USER'] : []), 'TICKETS', 'TOTAL', 'BOOKED (UTC)'],
    bookings.map((b) => [
      b.id,
      b.status,
      ...(showEvent ? [b.eventId] : []),
      ...(showUser ? [b.userId] : []),
      b.ticketIds.length,
      money(b.total, b.currency),
      formatShortWhen(b.createdAt),
    ]),
    showUser ? { flex: showEvent ? 3 : 2 } : {},
  );
  println(ctx.io.stderr, pagePosition(page, 'booking'));
  return 0;
}
