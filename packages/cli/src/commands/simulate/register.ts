import { Option, type Command } from 'commander';
import { wholeNumber } from '../../parse.js';
import type { Runner } from '../../program.js';
import { nonNegative, positive, rate } from './flags.js';
import { simulate, type SimulateOptions } from './simulate.js';

type SimulateFlags = Omit<SimulateOptions, 'eventId'> & { event?: string };

export function registerSimulate(program: Command, run: Runner): void {
  program
    .command('simulate')
    .description('simulate an on-sale: N virtual users arrive, hold, pay (some decline, some abandon) and confirm; report and audit')
    .option('--event <id>', 'the event to sell (default: create a fresh one with --seats seats)')
    .addOption(new Option('--users <n>', 'virtual users').argParser(wholeNumber(1, 1_000_000_000)).makeOptionMandatory())
    .option('--arrival-rate <r>', 'arrivals per second (0: everyone at once)', nonNegative, 0)
    .option('--concurrency <c>', 'users in flight (holding or paying) at most', wholeNumber(1, 1_000_000), 256)
    .option('--queue', 'users go through the event\'s waiting queue (enabled with --concurrency active slots if it is off)')
    .option('--decline-rate <p>', 'share of payments declined (0-1); half of those retry with a good card', rate, 0.05)
    .option('--abandon-rate <p>', 'share of users who hold and walk away, letting the hold expire (0-1)', rate, 0.02)
    .option('--seats-per-user <k>', 'seats each user asks for, best available', wholeNumber(1, 100), 2)
    .option('--section <id>', 'best available in this section only')
    .option('--seats <s>', 'seats of the event created without --event (default 50000)', wholeNumber(1, 200_000))
    .option('--hold-ttl <s>', 'hold lifetime of the created event, seconds (default 600 on memory, else 30)', wholeNumber(10, 86_400))
    .option('--seed <s>', 'fixes every user\'s choices (and, on memory, the seat shuffle)', wholeNumber(0, Number.MAX_SAFE_INTEGER), 1)
    .option('--time-scale <x>', 'wall seconds per simulated second of the arrival schedule', positive, 1)
    .option('--time-limit <s>', 'stop after this many seconds; the report and audit still come', positive)
    .option('--preconnect', 'with --url: open a connection per user in flight before the sale opens, as buyers already on the event page have (a busy server accepts new connections one at a time)')
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      `
Exit codes: 0 the audit of the final state is clean, 1 it is not (or an error), 2 bad flags.
On --store memory abandoned holds are expired by moving the private store's clock; on other
stores they expire in real time (the created event's holds last --hold-ttl, default 30 s).
Against a deployment, --url takes a comma-separated list of its server processes
(--url http://10.0.0.1:8080,http://10.0.0.2:8080): each user's calls go to one of them,
picked by the user's id; the live feed, admin calls and the audit go to the first.`,
    )
    .action((o: SimulateFlags, cmd: Command) => run(cmd, (ctx) => simulate(ctx, { ...o, eventId: o.event }), { manyUrls: true }));
}
