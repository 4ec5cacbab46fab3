import { formatMoney, type Event } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { formatShortWhen, pagePosition } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { printTable } from '../../output/table.js';

export interface EventsListOptions {
  readonly page?: number | undefined;
  readonly pageSize?: number | undefined;
  /** Also events that have already ended (hidden by default, as in search). */
  readonly includePast?: boolean | undefined;
  readonly json?: boolean | undefined;
}

/**
 * `boxoffice events list`: one page of events, soonest first as the store orders them; past ones
 * only with --include-past. `--json` prints the SDK's page: `{ items, total, page, pageSize, hasMore }`.
 */
export async function eventsList(ctx: CommandContext, options: EventsListOptions): Promise<number> {
  const bo = await ctx.open();
  const page = await bo.events.list({ page: options.page ?? 1, pageSize: options.pageSize ?? 20, ...(options.includePast ? { includePast: true } : {}) });
  if (options.json) {
    printJson(ctx.io, page);
    return 0;
  }
  if (page.items.length === 0) {
    println(ctx.io.stderr, emptyListMessage(options, page.total));
    return 0;
  }
  printTable(
    ctx.io,
    ['ID', 'TITLE', 'STARTS (UTC)', 'STATUS', 'FROM'],
    page.items.map((e) => [e.id, e.title, formatShortWhen(e.startsAt), e.status, fromPrice(e)]),
    { flex: 1 },
  );
  println(ctx.io.stderr, pagePosition(page, 'event'));
  return 0;
}

function emptyListMessage(options: EventsListOptions, total: number): string {
  if (total > 0) return `No events on this page (${total.toLocaleString('en-US')} in all).`;
  if (!options.includePast) return 'No upcoming events. `--include-past` lists those that have ended; `boxoffice demo` creates some.';
  return 'No events yet. Try `boxoffice demo` to create one.';
}

function fromPrice(event: Event): string {
  const prices = Object.values(event.prices);
  return prices.length === 0 ? '-' : formatMoney(Math.min(...prices), event.currency);
}
