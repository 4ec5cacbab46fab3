import { Command, Option } from 'commander';
import type { Runner } from '../../program.js';
import { isoDate, wholeNumber } from '../../parse.js';
import { queueCommand, type QueueAction, type QueueOptions } from './queue.js';
import { orNone, positiveNumber } from './settings-flags.js';

const ABOUT: Readonly<Record<QueueAction, string>> = {
  enable: 'turn the queue on (with any settings below): buyers must join and be admitted to hold',
  disable: 'turn the queue off: buyers hold directly',
  pause: 'stop admitting (joins continue)',
  resume: 'admit again',
  status: 'settings and live counts: waiting, active, measured admission rate',
  settings: 'show the settings, or change those given (the others are kept)',
};

function withSettings(cmd: Command): Command {
  return cmd
    .addOption(new Option('--mode <mode>', 'fifo: join order; randomized: shuffled at --on-sale-at').choices(['fifo', 'randomized']))
    .option('--on-sale-at <date|none>', 'randomized: when the draw runs (ISO-8601; default the event’s on-sale time)', orNone(isoDate))
    .option('--admission-rate <n|none>', 'users admitted per second at most', orNone(positiveNumber))
    .option('--max-active <n|none>', 'buyers holding an admission at once, at most', orNone(wholeNumber(1, 10_000_000)))
    .option('--token-ttl <s>', 'how long an admission lasts, seconds (10-86400)', wholeNumber(10, 86_400))
    .option('--heartbeat-timeout <s>', 'waiting users not heard from this long lose their turn (5-86400)', wholeNumber(5, 86_400))
    .option('--tick-ms <ms>', 'admission tick, milliseconds (10-60000)', wholeNumber(10, 60_000));
}

export function registerQueue(program: Command, run: Runner): void {
  const queue = program
    .command('queue')
    .description("an event's virtual waiting queue (against a deployment: --url or a profile, admin token)")
    .addHelpText('after', '\nThe queue lives in the server process: these commands need --url (or a profile) and an admin token.');
  for (const action of Object.keys(ABOUT) as QueueAction[]) {
    let cmd = queue.command(action).description(ABOUT[action]).argument('<eventId>', 'the event (evt_...)');
    if (action === 'enable' || action === 'settings') cmd = withSettings(cmd);
    cmd
      .option('--json', 'print the queue stats (settings and counts) as JSON')
      .action((eventId: string, o: Omit<QueueOptions, 'eventId'>, c: Command) => run(c, (ctx) => queueCommand(ctx, action, { ...o, eventId })));
  }
}
