import { formatMoney, type Event } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { formatShortWhen } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { printTable } from '../../output/table.js';

export interface EventsListOptions {
  readonly page?: number | undefined;
  readonly pageSize?: number | undefined;
  /** Also events that have already ended (hidden by default, as in search). */
  readonly includePast?: boolean | undefined;
  readonly json?: boolean | undefined;
}

/** `boxoffice events list`: one page of events, soonest first as the store orders them; past ones only with --include-past. */
export async function eventsList(ctx: CommandContext, options: EventsListOptions): Promise<number> {
  const bo = await ctx.open();
  const events = await bo.listEvents({ page: options.page ?? 1, pageSize: options.pageSize ?? 20, ...(options.includePast ? { includePast: true } : {}) });
  if (options.json) {
    printJson(ctx.io, events);
    return 0;
  }
  if (events.length === 0) {
    println(ctx.io.stderr, emptyListMessage(options));
    return 0;
  }
  printTable(
    ctx.io,
    ['ID', 'TITLE', 'STARTS (UTC)', 'STATUS', 'FROM'],
    events.map((e) => [e.id, e.title, formatShortWhen(e.startsAt), e.status, fromPrice(e)]),
    { flex: 1 },
  );
  return 0;
}

function emptyListMessage(options: EventsListOptions): string {
  if ((options.page ?? 1) > 1) return 'No events on this page.';
  if (!options.includePast) return 'No upcoming events. `--include-past` lists those that have ended; `boxoffice demo` creates some.';
  return 'No events yet. Try `boxoffice demo` to create one.';
}

function fromPrice(event: Event): string {
  const prices = Object.values(event.prices);
  return prices.length === 0 ? '-' : formatMoney(Math.min(...prices), event.currency);
}
