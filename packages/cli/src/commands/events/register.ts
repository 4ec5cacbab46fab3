import { Command, Option } from 'commander';
import { EVENT_TYPES } from '@boxoffice/sdk';
import type { Runner } from '../../program.js';
import { isoDate, moneyAmount, wholeNumber } from '../../parse.js';
import { eventsList, type EventsListOptions } from './list.js';
import { eventsSearch } from './search.js';
import { FACETS, facetList, kilometres, latLon, type SearchFlags } from './search-flags.js';
import { eventsShow } from './show.js';
import { eventsSuggest } from './suggest.js';

export function registerEvents(program: Command, run: Runner): void {
  const events = program.command('events').description('browse, search and show events and their seat maps');
  events
    .command('list')
    .description('list events (upcoming and running; --include-past for those that have ended)')
    .option('--page <n>', 'page number', wholeNumber(1, 1_000_000))
    .option('--page-size <n>', 'events per page (1-100)', wholeNumber(1, 100))
    .option('--include-past', 'also events that have already ended (hidden by default)')
    .option('--json', 'print the page as JSON: { items, total, page, pageSize, hasMore }')
    .action((o: EventsListOptions, cmd: Command) => run(cmd, (ctx) => eventsList(ctx, o)));
  events
    .command('show')
    .description("an event's details and seat map")
    .argument('<eventId>', 'the event (evt_...)')
    .option('--section <id>', 'only this section, seat by seat')
    .option('--json', 'print the event view (event, venue, performers, tickets) as JSON')
    .action((eventId: string, o: { section?: string; json?: boolean }, cmd: Command) => run(cmd, (ctx) => eventsShow(ctx, { ...o, eventId })));
  events
    .command('search')
    .description('search events: keyword, dates, place, type, performer, price; sorted, paged, with facets')
    .argument('[keyword...]', 'words to look for (the same as --keyword)')
    .option('--keyword <text>', 'words in titles, performers, venues and cities')
    .option('--start <date>', 'starting at or after this ISO-8601 date or date-time', isoDate)
    .option('--end <date>', 'starting at or before this date', isoDate)
    .option('--city <name>', 'in this city')
    .option('--venue <id>', 'at this venue (ven_...)')
    .addOption(new Option('--type <type>', 'of this type').choices(EVENT_TYPES))
    .option('--performer <id>', 'with this performer (prf_...)')
    .option('--min-price <amount>', 'a seat at this price or more, e.g. 20 or 19.50', moneyAmount)
    .option('--max-price <amount>', 'a seat at this price or less', moneyAmount)
    .option('--available', 'only events with seats still for sale')
    .option('--include-past', 'also events that have already ended (hidden by default)')
    .option('--near <lat,lon>', 'near this point, e.g. 48.8566,2.3522', latLon)
    .option('--radius <km>', 'with --near: within this many km (default 50)', kilometres)
    .addOption(new Option('--sort <order>', 'default: relevance with a keyword, else date').choices(['relevance', 'date', 'price', 'popularity']))
    .option('--page <n>', 'page number (default 1)', wholeNumber(1, 10_000))
    .option('--page-size <n>', 'events per page (1-100, default 20)', wholeNumber(1, 100))
    .option('--facets [names]', `counts by ${FACETS.join(', ')} (all, or a comma-separated list)`, facetList)
    .option('--json', 'print the whole result ({ items, total, page, pageSize, facets }) as JSON')
    .addHelpText('after', '\nThe total is on stderr under the table. Search may lag new events by the search index\'s documented bound.')
    .action((words: string[], o: SearchFlags, cmd: Command) => {
      const keyword = o.keyword ?? (words.length > 0 ? words.join(' ') : undefined);
      return run(cmd, (ctx) => eventsSearch(ctx, { ...o, keyword }));
    });
  events
    .command('suggest')
    .description('suggestions for a prefix: titles, performers, venues, cities')
    .argument('<prefix>', 'what has been typed so far')
    .option('--limit <n>', 'at most this many (1-20, default 8)', wholeNumber(1, 20))
    .option('--json', 'print the suggestions as JSON')
    .action((prefix: string, o: { limit?: number; json?: boolean }, cmd: Command) => run(cmd, (ctx) => eventsSuggest(ctx, { ...o, prefix })));
}
