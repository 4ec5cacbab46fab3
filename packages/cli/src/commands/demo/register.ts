import type { Command } from 'commander';
import type { Runner } from '../../program.js';
import { demo } from './demo.js';

export function registerDemo(program: Command, run: Runner): void {
  program
    .command('demo')
    .description('create a demo venue and event, show its seat map, book 2 seats with a test card, audit')
    .option('--json', 'print the outcome as JSON')
    .action((o: { json?: boolean }, cmd: Command) => run(cmd, (ctx) => demo(ctx, o)));
}
