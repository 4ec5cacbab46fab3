import { Option, type Command } from 'commander';
import type { Runner } from '../../program.js';
import { wholeNumber } from '../../parse.js';
import { bookingsCancel } from './cancel.js';
import { bookingsList } from './list.js';
import { bookingsShow } from './show.js';

export function registerBookings(program: Command, run: Runner): void {
  const bookings = program.command('bookings').description('list, show and cancel bookings');
  bookings
    .command('list')
    .description('list bookings')
    .option('--user <id>', 'only this user’s')
    .option('--event <id>', 'only this event’s')
    .option('--page <n>', 'page number', wholeNumber(1, 1_000_000))
    .option('--page-size <n>', 'bookings per page (1-500)', wholeNumber(1, 500))
    .option('--json', 'print the page as JSON: { items, total, page, pageSize, hasMore }')
    .action((o: { user?: string; event?: string; page?: number; pageSize?: number; json?: boolean }, cmd: Command) =>
      run(cmd, (ctx) => bookingsList(ctx, { ...o, userId: o.user, eventId: o.event })),
    );
  bookings
    .command('show')
    .description('one booking and its seats')
    .argument('<bookingId>', 'the booking (bkg_...)')
    .option('--user <id>', 'as this user sees it (must be theirs)')
    .option('--json', 'print the booking as JSON')
    .action((bookingId: string, o: { user?: string; json?: boolean }, cmd: Command) =>
      run(cmd, (ctx) => bookingsShow(ctx, { ...o, bookingId, userId: o.user })),
    );
  bookings
    .command('cancel')
    .description('cancel a booking: refund it and put its seats back on sale')
    .argument('<bookingId>', 'the booking (bkg_...)')
    .addOption(new Option('--user <id>', 'the booking’s owner').makeOptionMandatory())
    .option('--idempotency-key <key>', 'retry-safe key')
    .option('--as-operator', "as the operator: also after the event's refund deadline (needs an admin token against a deployment)")
    .option('--json', 'print the cancelled booking as JSON')
    .action((bookingId: string, o: { user: string; idempotencyKey?: string; asOperator?: boolean; json?: boolean }, cmd: Command) =>
      run(cmd, (ctx) => bookingsCancel(ctx, { ...o, bookingId, userId: o.user })),
    );
}
