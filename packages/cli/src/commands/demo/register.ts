import type { Command } from 'commander';
import type { Runner } from '../../program.js';
import { demo } from './demo.js';

export function registerDemo(program: Command, run: Runner): void {
  program
    .command('demo')
    .description('a demo: search a small catalog, show a seat map, book 2 seats with a test card, run a short queued on-sale, audit')
    .option('--json', 'print the outcome as JSON')
    .action((o: { json?: boolean }, cmd: Command) => run(cmd, (ctx) => demo(ctx, o)));
}
