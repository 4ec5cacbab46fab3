import type { Command } from 'commander';
import type { Runner } from '../../program.js';
import { commaList, moneyAmount, wholeNumber } from '../../parse.js';
import { book } from './book.js';

export function registerBook(program: Command, run: Runner): void {
  program
    .command('book')
    .description('hold seats and pay with a test token: asks step by step on a terminal, or named seats / the best N by flags')
    .option('--event <id>', 'the event (evt_...)')
    .option('--seats <list>', 'seats: ticket ids or SECTION:ROW:SEAT, comma-separated', commaList)
    .option('--best <n>', 'the best N seats together (1-100)', wholeNumber(1, 100))
    .option('--section <id>', 'with --best: only in this section')
    .option('--max-price <amount>', 'with --best: at most this price per seat, e.g. 65 or 64.50', moneyAmount)
    .option('--user <id>', 'who books')
    .option('--pay <token>', 'test payment token: tok_visa, tok_declined, ...')
    .option('--idempotency-key <key>', 'retry-safe key: a retry with the same key never books or charges twice')
    .option('--json', 'print the booking as JSON')
    .action((o: BookFlags, cmd: Command) => run(cmd, (ctx) => book(ctx, { ...o, eventId: o.event, userId: o.user, token: o.pay })));
}

interface BookFlags {
  event?: string;
  seats?: string[];
  best?: number;
  section?: string;
  maxPrice?: number;
  user?: string;
  pay?: string;
  idempotencyKey?: string;
  json?: boolean;
}
