import type { EventView } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { badFlag } from '../../errors.js';
import { println } from '../../io.js';
import { styleFor } from '../../output/colour.js';
import { printJson } from '../../output/json.js';
import { printEventDetails, printLines } from '../../output/records.js';
import { glyphsFor, renderSeatMap } from '../../output/seat-map.js';

export interface EventsShowOptions {
  readonly eventId: string;
  /** Only this section's seats (and, with --json, only its tickets). */
  readonly section?: string | undefined;
  readonly json?: boolean | undefined;
}

/** `boxoffice events show <id>`: the event's details and its seat map. */
export async function eventsShow(ctx: CommandContext, options: EventsShowOptions): Promise<number> {
  const bo = await ctx.open();
  const view = await bo.events.get(options.eventId);
  const section = options.section;
  if (section !== undefined) assertSection(view, section);
  if (options.json) {
    printJson(ctx.io, section === undefined ? view : { ...view, tickets: view.tickets.filter((t) => t.section === section) });
    return 0;
  }
  printEventDetails(ctx.io, view);
  printLines(ctx.io, renderSeatMap(view, { style: styleFor(ctx.io), glyphs: glyphsFor(ctx.io.env), section }));
  if (ctx.io.isTTY) println(ctx.io.stderr, `Book with: boxoffice book --event ${view.id} --best 2 --user <you> --pay tok_visa`);
  return 0;
}

export function assertSection(view: EventView, section: string): void {
  const ids = view.venue.seatMap.sections.map((s) => s.id);
  if (!ids.includes(section)) {
    const list = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, ...` : ids.join(', ');
    throw badFlag('--section', `the venue has no section ${section} (it has ${list})`);
  }
}
