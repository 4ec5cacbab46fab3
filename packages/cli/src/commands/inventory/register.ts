import type { Command } from 'commander';
import { commaList, moneyAmount } from '../../parse.js';
import type { Runner } from '../../program.js';
import { inventoryAudit } from './audit.js';
import { inventoryChange, type InventoryAction, type InventoryChangeOptions } from './change.js';

const ABOUT: Readonly<Record<InventoryAction, string>> = {
  block: 'take seats off sale until released (house seats, camera positions); buyers see them RESERVED',
  release: 'return blocked seats to sale',
  reprice: 'set the price of unsold seats (a --tier selection changes the tier price too)',
};

type Flags = Omit<InventoryChangeOptions, 'eventId'>;

export function registerInventory(program: Command, run: Runner): void {
  const inventory = program.command('inventory').description('inventory administration: block, release, reprice, audit');
  for (const action of Object.keys(ABOUT) as InventoryAction[]) {
    const cmd = inventory
      .command(action)
      .description(ABOUT[action])
      .argument('<eventId>', 'the event (evt_...)')
      .option('--tickets <ids>', 'these tickets (comma-separated tkt_... ids)', commaList)
      .option('--section <id>', 'every seat of this section')
      .option('--rows <labels>', 'with --section: only these rows (comma-separated)', commaList)
      .option('--tier <tier>', 'every seat of this price tier');
    if (action === 'reprice') cmd.option('--price <amount>', "the new price in the event's currency, like 45 or 45.50", moneyAmount);
    cmd
      .option('--idempotency-key <key>', 'a retry with the same key returns the first result and changes nothing more')
      .option('--json', 'print the result (changed and skipped tickets) as JSON')
      .addHelpText('after', '\nGive exactly one of --tickets, --section (with --rows) or --tier. Seats in another state are left alone and listed (exit 0).')
      .action((eventId: string, o: Flags, c: Command) => run(c, (ctx) => inventoryChange(ctx, action, { ...o, eventId })));
  }
  inventory
    .command('audit')
    .description('prove no seat is sold twice and no booking or payment is lost (exit 1 if any is)')
    .option('--event <id>', 'only this event (default: the whole store)')
    .option('--json', 'print the audit report as JSON')
    .action((o: { event?: string; json?: boolean }, c: Command) => run(c, (ctx) => inventoryAudit(ctx, { ...o, eventId: o.event })));
}
