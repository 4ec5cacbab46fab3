import type { BoxOffice, InventoryResult } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { badFlag, namingFlag, UsageError } from '../../errors.js';
import { println } from '../../io.js';
import { money, plural } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { printTable } from '../../output/table.js';

export type InventoryAction = 'block' | 'release' | 'reprice';

export interface InventoryChangeOptions {
  readonly eventId: string;
  readonly tickets?: readonly string[] | undefined;
  readonly section?: string | undefined;
  readonly rows?: readonly string[] | undefined;
  readonly tier?: string | undefined;
  /** Minor units (the flag takes major units: 45.50). */
  readonly price?: number | undefined;
  readonly idempotencyKey?: string | undefined;
  readonly json?: boolean | undefined;
}

/** The SDK's fields, as the flags that carry them. */
const FLAG_OF: Readonly<Record<string, string>> = {
  ticketIds: '--tickets',
  section: '--section',
  rows: '--rows',
  tier: '--tier',
  price: '--price',
  idempotencyKey: '--idempotency-key',
};

const DONE: Readonly<Record<InventoryAction, string>> = { block: 'Blocked', release: 'Released', reprice: 'Repriced' };

/**
 * `boxoffice inventory block|release|reprice <eventId>` with one selection (--tickets, --section
 * [--rows], or --tier): one atomic change on the store or deployment. Seats in another state
 * (held or sold, say) are left alone and listed; that is not an error (exit 0).
 */
export async function inventoryChange(ctx: CommandContext, action: InventoryAction, o: InventoryChangeOptions): Promise<number> {
  if (action === 'reprice' && o.price === undefined) throw new UsageError('reprice needs --price', 'inventory reprice');
  // Checked here, not left to the SDK, so the message names flags rather than fields.
  if (o.rows !== undefined && o.section === undefined) throw badFlag('--rows', 'rows need --section');
  if ([o.tickets, o.section, o.tier].filter((v) => v !== undefined).length !== 1) {
    throw badFlag('--tickets', 'give exactly one of --tickets, --section or --tier');
  }
  const bo = await ctx.open();
  let result: InventoryResult;
  try {
    result = await apply(bo, action, o);
  } catch (error) {
    throw namingFlag(error, FLAG_OF);
  }
  if (o.json) {
    printJson(ctx.io, result);
    return 0;
  }
  const event = await bo.events.get(o.eventId);
  const price = result.price === undefined ? '' : ` to ${money(result.price, event.currency)}`;
  println(ctx.io.stderr, `${DONE[action]} ${plural(result.changed.length, 'seat')}${price} of ${event.title}${result.blockId ? ` (block ${result.blockId})` : ''}.`);
  if (result.skipped.length > 0) {
    const byStatus = new Map<string, number>();
    for (const s of result.skipped) byStatus.set(s.status, (byStatus.get(s.status) ?? 0) + 1);
    const left = [...byStatus].map(([status, n]) => `${n} ${status}`).join(', ');
    println(ctx.io.stderr, `Left alone: ${left}${action === 'reprice' ? ' (sold, or already at that price)' : ''}.`);
  }
  const seats = new Map(event.tickets.map((t) => [t.id, t]));
  printTable(
    ctx.io,
    ['TICKET', 'SEAT', 'TIER', 'PRICE', 'RESULT'],
    [
      ...result.changed.map((id) => row(seats.get(id), id, action, event.currency)),
      ...result.skipped.map((s) => row(seats.get(s.ticketId), s.ticketId, `left ${s.status}`, event.currency)),
    ],
  );
  return 0;
}

function apply(bo: BoxOffice, action: InventoryAction, o: InventoryChangeOptions): Promise<InventoryResult> {
  const selection = {
    eventId: o.eventId,
    ...(o.tickets === undefined ? {} : { ticketIds: [...o.tickets] }),
    ...(o.section === undefined ? {} : { section: o.section }),
    ...(o.rows === undefined ? {} : { rows: [...o.rows] }),
    ...(o.tier === undefined ? {} : { tier: o.tier }),
  };
  const call = o.idempotencyKey === undefined ? {} : { idempotencyKey: o.idempotencyKey };
  switch (action) {
    case 'block':
      return bo.inventory.block(selection, call);
    case 'release':
      return bo.inventory.unblock(selection, call);
    case 'reprice':
      return bo.inventory.reprice({ ...selection, price: o.price! }, call);
  }
}

function row(
  t: { section: string; row: string | null; seat: number | null; tier: string; price: number } | undefined,
  id: string,
  result: string,
  currency: string,
): string[] {
  if (!t) return [id, '', '', '', result];
  const seat = t.row === null ? `${t.section} (standing)` : `${t.section} ${t.row}${t.seat ?? ''}`;
  return [id, seat, t.tier, money(t.price, currency), result];
}
