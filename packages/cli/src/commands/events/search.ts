import { formatMoney, type Event } from '@boxoffice/sdk';
import type { SearchResult } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { println, type Io } from '../../io.js';
import { formatShortWhen } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { printTable } from '../../output/table.js';
import { renamed, searchQuery, type SearchFlags } from './search-flags.js';

/** `boxoffice events search`: the SDK's search, every filter, sort and facet, one page at a time. */
export async function eventsSearch(ctx: CommandContext, flags: SearchFlags): Promise<number> {
  const query = searchQuery(flags);
  const bo = await ctx.open();
  const result = await bo.events.search(query).catch((error: unknown) => Promise.reject(renamed(error)));
  if (flags.json) {
    printJson(ctx.io, result);
    return 0;
  }
  printResult(ctx, result);
  return 0;
}

function printResult(ctx: CommandContext, result: SearchResult): void {
  const { io } = ctx;
  if (result.items.length === 0) {
    println(io.stderr, result.total === 0 ? 'No events match.' : `No events on page ${result.page} (${result.total} match).`);
  } else {
    printSearchItems(io, result.items);
    const first = (result.page - 1) * result.pageSize + 1;
    const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
    // A total that is a lower bound (PostgreSQL search of a very common word) reads "at least".
    const of = result.totalExact !== false
      ? `${result.total.toLocaleString('en-US')} (page ${result.page} of ${pages})`
      : `at least ${result.total.toLocaleString('en-US')}${result.totalEstimate === undefined ? '' : `, about ${result.totalEstimate.toLocaleString('en-US')}`} (page ${result.page})`;
    println(io.stderr, `${first}-${first + result.items.length - 1} of ${of}`);
  }
  for (const [name, counts] of Object.entries(result.facets ?? {})) {
    if (!counts || counts.length === 0) continue;
    println(io.stdout);
    printTable(io, [name.toUpperCase(), 'EVENTS'], counts.map((c) => [c.value, c.count]));
  }
}

/** Found events as a table (`demo` shows its search the same way). */
export function printSearchItems(io: Io, items: readonly Event[]): void {
  printTable(io, ['ID', 'TITLE', 'TYPE', 'STARTS (UTC)', 'FROM'], items.map((e) => [e.id, e.title, e.type, formatShortWhen(e.startsAt), fromPrice(e)]), { flex: 1 });
}

function fromPrice(event: Event): string {
  const prices = Object.values(event.prices);
  return prices.length === 0 ? '-' : formatMoney(Math.min(...prices), event.currency);
}
