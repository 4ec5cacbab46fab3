import { Command } from 'commander';
import { registerBook } from './commands/book/register.js';
import { registerBookings } from './commands/bookings/register.js';
import { registerDb } from './commands/db/register.js';
import { registerDemo } from './commands/demo/register.js';
import { registerEvents } from './commands/events/register.js';
import { registerInventory } from './commands/inventory/register.js';
import { registerSimulate } from './commands/simulate/register.js';
import { registerAuth } from './commands/auth/register.js';
import { registerProfile } from './commands/profile/register.js';
import { registerQueue } from './commands/queue/register.js';
import { registerSeed } from './commands/seed/register.js';
import { registerServe } from './commands/serve/register.js';
import type { CommandContext } from './context.js';
import type { Io } from './io.js';
import { VERSION } from './version.js';

/** Runs a command's task with a context built from the global options; main supplies it. */
export type Runner = (command: Command, task: (ctx: CommandContext) => Promise<number>, options?: RunOptions) => Promise<void>;

export interface RunOptions {
  /** The command works on the local configuration only: do not resolve a deployment or store. */
  readonly local?: boolean;
  /** The command takes `--url a,b,...` (several server processes of one deployment): simulate. */
  readonly manyUrls?: boolean;
}

const HELP_FOOTER = `
Where commands run:
  --store memory             in-process, gone when the command ends
  --store <directory>        embedded PostgreSQL (PGlite), kept on disk (default ./.boxoffice)
  --store postgres://...     a PostgreSQL server
  --url <url> [--token t]    a deployment ('boxoffice serve'), over HTTP
  --profile <name>           a deployment saved with 'boxoffice profile add'
  Precedence: a flag, then BOXOFFICE_URL (+ BOXOFFICE_TOKEN) or BOXOFFICE_STORE, then the
  current profile, then ./.boxoffice.

Payments use the built-in test gateway (a declared test double): pay with test tokens
such as tok_visa (succeeds) or tok_declined (declines). No card numbers, no real money.

Exit codes:
  0 ok   1 error   2 usage or invalid input   3 conflict (e.g. a seat already taken)
  4 auth   5 unavailable (e.g. the store is locked by another process)

Output: tables for people, --json for scripts; data on stdout, messages on stderr;
no colour when stdout is not a terminal or NO_COLOR is set.`;

/** The `boxoffice` command tree. Commander throws instead of exiting: main() returns the code. */
export function createProgram(io: Io, run: Runner): Command {
  const program = new Command('boxoffice')
    .description('Sell tickets to live events: demo, events, booking, bookings and inventory, on an embedded store or PostgreSQL.')
    .version(VERSION, '-V, --version')
    .option('--store <spec>', "where the data lives: 'memory', a directory (PGlite) or a postgres:// URL (default: $BOXOFFICE_STORE or ./.boxoffice)")
    .option('--url <url>', 'run against a deployment at this URL instead (default: $BOXOFFICE_URL, or the current profile)')
    .option('--token <token>', "the deployment's bearer token (default: $BOXOFFICE_TOKEN, or the profile's); see 'auth token'")
    .option('--profile <name>', "run against this profile's deployment (see 'profile')")
    .exitOverride()
    .showHelpAfterError()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: (s, write) => write(`boxoffice: ${s.replace(/^error: /, '')}`),
    })
    .addHelpText('after', HELP_FOOTER);

  registerDemo(program, run);
  registerDb(program, run);
  registerEvents(program, run);
  registerBook(program, run);
  registerBookings(program, run);
  registerInventory(program, run);
  registerSimulate(program, run);
  registerServe(program, run);
  registerSeed(program, run);
  registerAuth(program, run);
  registerQueue(program, run);
  registerProfile(program, run);

  return program;
}

