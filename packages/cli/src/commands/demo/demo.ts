import { type AuditReport, type EventView, type Hold } from '@boxoffice/sdk';
import { describeTarget, type CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { styleFor } from '../../output/colour.js';
import { formatWhen, money, seatList, timeLeft } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { auditLine, bookingJson, printBooking, printEventDetails, printLines, type BookingJson } from '../../output/records.js';
import { glyphsFor, renderSeatMap } from '../../output/seat-map.js';
import { createDemoCatalog, simulateEarlyFans } from './catalog.js';

export interface DemoOptions {
  readonly json?: boolean | undefined;
  /** The clock the demo dates its event by (tests pin it). */
  readonly now?: () => number;
}

export const DEMO_USER = 'demo-user';

export interface DemoResult {
  readonly store: { kind: string; location: string };
  readonly event: Omit<EventView, 'tickets'>;
  readonly hold: Hold;
  readonly booking: BookingJson;
  readonly audit: AuditReport;
  readonly next: string[];
  readonly elapsedMs: number;
  /** Milliseconds per phase: open, catalog, early fans, hold, confirm, audit... */
  readonly timings: Record<string, number>;
}

/**
 * `boxoffice demo`: the README's main job. Creates a demo venue and event, shows it and its
 * seat map, holds the 2 best seats for a demo user, pays with tok_visa, prints the booking,
 * audits the event and says what to try next.
 */
export async function demo(ctx: CommandContext, options: DemoOptions = {}): Promise<number> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  let mark = started;
  const lap = (phase: string) => {
    const now = performance.now();
    timings[phase] = Math.round(now - mark);
    mark = now;
  };
  const { io } = ctx;
  const style = styleFor(io);
  const out = (line = '') => {
    if (!options.json) println(io.stdout, line);
  };
  const bo = await ctx.open({ payments: true });
  lap('open');
  const location = describeTarget(ctx);
  println(io.stderr, `Creating a demo venue and event on the ${location}...`);
  const catalog = await createDemoCatalog(bo, (options.now ?? Date.now)());
  lap('catalog');
  await simulateEarlyFans(bo, catalog.event.id);
  lap('earlyFans');
  const before = await bo.getEvent(catalog.event.id);
  lap('view');
  const mapOptions = { style, glyphs: glyphsFor(io.env) };

  out(style.bold(`1. ${before.title}`));
  if (!options.json) printEventDetails(io, before);
  out();
  out(style.bold('2. The seat map (some fans were quicker than you)'));
  if (!options.json) printLines(io, renderSeatMap(before, mapOptions));
  out();

  const hold = await bo.hold({ eventId: before.id, userId: DEMO_USER, best: { quantity: 2 } });
  lap('hold');
  const heldTickets = before.tickets.filter((t) => hold.ticketIds.includes(t.id));
  out(style.bold(`3. ${DEMO_USER} holds the 2 best available seats`));
  out(`Held ${seatList(heldTickets)} for ${money(hold.total, hold.currency)}.`);
  out(`Hold ${hold.id} expires ${formatWhen(hold.expiresAt)} (${timeLeft(hold.expiresAt, Date.now())}).`);
  out();

  const booking = await bo.confirm({ holdId: hold.id, userId: DEMO_USER, paymentDetails: { token: 'tok_visa' } });
  lap('confirm');
  const after = await bo.getEvent(before.id);
  lap('viewAfter');
  out(style.bold('4. Paid with the test token tok_visa: the booking'));
  if (!options.json) {
    printBooking(io, booking, after.tickets, after);
    const section = heldTickets[0]?.section;
    out();
    printLines(io, renderSeatMap(after, { ...mapOptions, section, mine: new Set(booking.ticketIds) }));
  }
  out();

  const audit = await bo.audit(before.id);
  lap('audit');
  out(style.bold('5. The audit'));
  out(audit.ok ? style.green(auditLine(audit)) : style.red(auditLine(audit)));
  out();

  const next = bo.storeKind === 'memory' ? MEMORY_NEXT_STEPS : nextSteps(ctx, before.id, booking.id);
  const elapsedMs = Math.round(performance.now() - started);
  if (options.json) {
    const { tickets: _tickets, ...event } = after;
    const result: DemoResult = { store: { kind: bo.storeKind, location }, event, hold, booking: bookingJson(booking, after.tickets), audit, next, elapsedMs, timings };
    printJson(io, result);
  } else {
    out(style.bold('What to try next'));
    if (bo.storeKind === 'memory') out(style.yellow('The memory store ended with this demo; the embedded store keeps its data:'));
    for (const line of next) out(`  ${line}`);
  }
  println(io.stderr, `Demo done in ${elapsedMs < 1000 ? `${elapsedMs} ms` : `${(elapsedMs / 1000).toFixed(1)} s`}.`);
  if (io.env.BOXOFFICE_DEBUG) println(io.stderr, `Timings (ms): ${JSON.stringify(timings)}`);
  return audit.ok ? 0 : 1;
}

const MEMORY_NEXT_STEPS = [
  'boxoffice demo    # again, on the embedded store in ./.boxoffice',
  'boxoffice events list',
  'boxoffice events show <eventId>',
  'boxoffice book --event <eventId> --best 2 --user you --pay tok_visa',
  'boxoffice bookings list --user demo-user',
  'boxoffice inventory audit',
];

function nextSteps(ctx: CommandContext, eventId: string, bookingId: string): string[] {
  const spec = ctx.store.spec;
  const t = ctx.target;
  const secret = /^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(spec);
  const store = t.kind === 'remote' ? (t.source === '--url' ? ` --url ${quote(t.url)}` : '') : ctx.store.source !== 'flag' ? '' : secret ? ' --store <your PostgreSQL URL>' : ` --store ${quote(spec)}`;
  return [
    `boxoffice events show ${eventId}${store}`,
    `boxoffice book --event ${eventId} --best 2 --user you --pay tok_visa${store}`,
    `boxoffice book --event ${eventId} --seats STL:B:1,STL:B:2 --user you --pay tok_declined${store}`,
    `boxoffice bookings list --user ${DEMO_USER}${store}`,
    `boxoffice bookings cancel ${bookingId} --user ${DEMO_USER}${store}`,
    `boxoffice inventory audit --event ${eventId}${store}`,
  ];
}

function quote(value: string): string {
  return /^[\w./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
