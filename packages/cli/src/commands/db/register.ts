import type { Command } from 'commander';
import type { Runner } from '../../program.js';
import { dbMigrate } from './migrate.js';

export function registerDb(program: Command, run: Runner): void {
  const db = program.command('db').description('database administration');
  db.command('migrate')
    .description('bring the store to the latest schema (the embedded store also does this on first use)')
    .option('--json', 'print the outcome as JSON')
    .action((o: { json?: boolean }, cmd: Command) => run(cmd, (ctx) => dbMigrate(ctx, o)));
}
