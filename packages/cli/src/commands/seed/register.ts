import { InvalidArgumentError, type Command } from 'commander';
import { MAX_CATALOG_EVENTS } from '@boxoffice/sdk/catalog';
import type { Runner } from '../../program.js';
import { wholeNumber } from '../../parse.js';
import { DEFAULT_SEATS, seed, type SeedOptions } from './seed.js';

/** `--from`: a real calendar date (YYYY-MM-DD), as the first day of the catalog's two years. */
function fromDay(value: string): string {
  const s = value.trim();
  const ms = Date.parse(`${s}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== s) {
    throw new InvalidArgumentError('must be a date, YYYY-MM-DD');
  }
  return new Date(ms).toISOString();
}

function seedText(value: string): string {
  const s = value.trim();
  if (s === '' || s.length > 64) throw new InvalidArgumentError('must be 1 to 64 characters (a number or a word)');
  return s;
}

export function registerSeed(program: Command, run: Runner): void {
  program
    .command('seed')
    .description('create a synthetic catalog: venues in real cities, performers, N events of K seats each')
    .requiredOption('--events <n>', `number of events (1-${MAX_CATALOG_EVENTS})`, wholeNumber(1, MAX_CATALOG_EVENTS))
    .option('--seats <k>', `seats per venue, so per event (1-100000, default ${DEFAULT_SEATS})`, wholeNumber(1, 100_000))
    .option('--seed <s>', 'the same seed gives the same catalog (default 1)', seedText)
    .option('--from <date>', 'the catalog\'s dates spread over two years from this day, YYYY-MM-DD (default: from the next hour)', fromDay)
    .option('--batch-size <n>', 'events per write batch (default 500; through a deployment, 50)', wholeNumber(1, 10_000))
    .option('--json', 'print a summary (counts, time, events/s, first event id) as JSON')
    .addHelpText(
      'after',
      `
A progress bar on stderr when it is a terminal, a plain line every few seconds otherwise.
In-process the records go straight to the store in batches; against a deployment (--url)
they go through the admin API and need an admin token. Seeding the same seed twice into one
store is refused (exit 3): ids are deterministic.`,
    )
    .action((o: SeedOptions, cmd: Command) => run(cmd, (ctx) => seed(ctx, o)));
}
