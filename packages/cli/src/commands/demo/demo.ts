import { connect, type AuditReport, type Event, type EventView, type Hold, type SimulationReport } from '@boxoffice/sdk';
import { describeTarget, type CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { styleFor } from '../../output/colour.js';
import { formatWhen, money, seatList, timeLeft } from '../../output/format.js';
import { printJson } from '../../output/json.js';
import { auditLine, bookingJson, printBooking, printEventDetails, printLines, type BookingJson } from '../../output/records.js';
import { glyphsFor, renderSeatMap } from '../../output/seat-map.js';
import { printFields } from '../../output/table.js';
import { printSearchItems } from '../events/search.js';
import { count, progressPrinter } from '../simulate/progress.js';
import { headline, printAuditChecks } from '../simulate/report.js';
import { createDemoCatalog, simulateEarlyFans } from './catalog.js';
import { createLateShow, DEMO_ON_SALE, runDemoOnSale } from './on-sale.js';
import { searchDemoCatalog, seedDemoCatalog, type DemoSearch } from './search-step.js';

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
  /** The search step: the query, how many synthetic events were added, the result page. */
  readonly search: DemoSearch;
  /** The short on-sale through the waiting queue: its event and the simulator's whole report. */
  readonly onSale: { readonly event: Event; readonly report: SimulationReport };
  readonly next: string[];
  readonly elapsedMs: number;
  /** Milliseconds per phase: open, catalog, seed, search, early fans, hold, confirm, on-sale, audit... */
  readonly timings: Record<string, number>;
}

/**
 * `boxoffice demo`: the README's main job. Creates a demo venue and event beside a small seeded
 * catalog and searches it, shows the event and its seat map, holds the 2 best seats for a demo
 * user, pays with tok_visa, prints the booking, runs a short on-sale of a late show through the
 * waiting queue (the SDK's simulator, with its audit), audits the event and says what to try next.
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
  const nowMs = (options.now ?? Date.now)();
  println(io.stderr, `Creating a demo venue and event and a small catalog on the ${location}...`);
  const catalog = await createDemoCatalog(bo, nowMs);
  const lateShow = await createLateShow(bo, catalog.performer.id, nowMs);
  lap('catalog');
  const seeded = await seedDemoCatalog(bo, await ctx.openStore?.(), nowMs);
  lap('seed');
  const search = await searchDemoCatalog(bo, seeded, catalog.event);
  lap('search');
  await simulateEarlyFans(bo, catalog.event.id);
  lap('earlyFans');
  const before = await bo.events.get(catalog.event.id);
  lap('view');
  const mapOptions = { style, glyphs: glyphsFor(io.env) };

  const found = search.result;
  out(style.bold(`1. Searching the catalog for "${search.query.keyword}" (${count(seeded + 2)} events just added)`));
  if (!options.json) {
    printSearchItems(io, found.items);
    out(`${found.items.length} of ${count(found.total)} matching events shown.`);
    // The facets, the top 3 values of each: one line each fits a terminal.
    for (const [name, values] of Object.entries(found.facets ?? {})) {
      const top = (values ?? []).slice(0, 3).map((v) => `${v.value} ${v.count}`);
      out(`By ${name}: ${top.join(', ')}${(values ?? []).length > 3 ? ', ...' : ''}`);
    }
  }
  out();
  out(style.bold(`2. ${before.title}`));
  if (!options.json) printEventDetails(io, before);
  out();
  out(style.bold('3. The seat map (some fans were quicker than you)'));
  if (!options.json) printLines(io, renderSeatMap(before, mapOptions));
  out();

  const hold = await bo.holds.create({ eventId: before.id, best: { quantity: 2 } }, { userId: DEMO_USER });
  lap('hold');
  const heldTickets = before.tickets.filter((t) => hold.ticketIds.includes(t.id));
  out(style.bold(`4. ${DEMO_USER} holds the 2 best available seats`));
  out(`Held ${seatList(heldTickets)} for ${money(hold.total, hold.currency)}.`);
  out(`Hold ${hold.id} expires ${formatWhen(hold.expiresAt)} (${timeLeft(hold.expiresAt, Date.now())}).`);
  out();

  const booking = await bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token: 'tok_visa' } }, { userId: DEMO_USER });
  lap('confirm');
  const after = await bo.events.get(before.id);
  lap('viewAfter');
  out(style.bold('5. Paid with the test token tok_visa: the booking'));
  if (!options.json) {
    printBooking(io, booking, after.tickets, after);
    const section = heldTickets[0]?.section;
    out();
    printLines(io, renderSeatMap(after, { ...mapOptions, section, mine: new Set(booking.ticketIds) }));
  }
  out();

  println(io.stderr, `${count(DEMO_ON_SALE.users)} fans queue for ${count(DEMO_ON_SALE.seats)} seats of the late show...`);
  const progress = progressPrinter(io, true);
  // Over a deployment the simulated fans get a client without retries of its own, as `simulate`
  // gives them (simulate/open.ts): they retry themselves, and the two layers would multiply.
  const t = ctx.target;
  const fans = t.kind === 'remote' ? connect(t.url, { retry: false, ...(t.token === undefined ? {} : { token: t.token }) }) : bo;
  const onSale = await runDemoOnSale(fans, lateShow, (p) => progress.update(p)).finally(() => (fans === bo ? undefined : fans.close()));
  progress.done();
  lap('onSale');
  const sim = onSale.report;
  out(style.bold(`6. The on-sale: ${count(sim.users.total)} fans queue for ${count(sim.seats.total)} seats of the late show`));
  if (!options.json) {
    const q = sim.queue;
    printFields(io, [
      ['Result', sim.audit.ok ? style.green(headline(sim)) : style.red(headline(sim))],
      ['Queue', q ? `${count(q.joined)} joined, ${count(q.admitted)} admitted ${DEMO_ON_SALE.concurrency} at a time, ${count(sim.users.soldOut)} told sold out` : 'off'],
      ['Fans', `${count(sim.users.booked)} booked ${count(sim.seats.soldByRun)} seats, ${count(sim.users.gaveUp)} gave up after a declined card`],
      ['Event', `${onSale.event.title} (${onSale.event.id})`],
      ['Latency', latencyLine(sim)],
    ]);
    printAuditChecks(io, sim, { brief: true });
  }
  out();

  const audit = await bo.operations.audit(before.id);
  lap('audit');
  out(style.bold('7. The audit'));
  out(audit.ok ? style.green(auditLine(audit)) : style.red(auditLine(audit)));
  out();

  const next = bo.storeKind === 'memory' ? MEMORY_NEXT_STEPS : nextSteps(ctx, before.id, booking.id);
  const elapsedMs = Math.round(performance.now() - started);
  if (options.json) {
    const { tickets: _tickets, ...event } = after;
    const result: DemoResult = { store: { kind: bo.storeKind, location }, event, hold, booking: bookingJson(booking, after.tickets), audit, search, onSale, next, elapsedMs, timings };
    printJson(io, result);
  } else {
    out(style.bold('What to try next'));
    if (bo.storeKind === 'memory') out(style.yellow('The memory store ended with this demo; the embedded store keeps its data:'));
    for (const line of next) out(`  ${line}`);
  }
  println(io.stderr, `Demo done in ${elapsedMs < 1000 ? `${elapsedMs} ms` : `${(elapsedMs / 1000).toFixed(1)} s`}.`);
  if (io.env.BOXOFFICE_DEBUG) println(io.stderr, `Timings (ms): ${JSON.stringify(timings)}`);
  return audit.ok && sim.audit.ok ? 0 : 1;
}

/** Median / p99 of the steps a fan waits on. */
function latencyLine(r: SimulationReport): string {
  const ms = (v: number) => (v < 10 ? v.toFixed(1) : String(Math.round(v)));
  return (['queueWait', 'hold', 'confirm'] as const)
    .flatMap((step) => {
      const s = r.latency[step];
      return s ? [`${step === 'queueWait' ? 'queue' : step} ${ms(s.p50)}/${ms(s.p99)} ms`] : [];
    })
    .join(', ')
    .concat(' (p50/p99)');
}

/** A big on-sale belongs on the memory store: it is the fastest and keeps nothing. */
const SIMULATE_NEXT = 'boxoffice simulate --users 100000 --seats 20000 --queue --store memory';

const MEMORY_NEXT_STEPS = [
  'boxoffice demo    # again, on the embedded store in ./.boxoffice',
  'boxoffice events list',
  'boxoffice events search night --facets type,city',
  'boxoffice events show <eventId>',
  'boxoffice book --event <eventId> --best 2 --user you --pay tok_visa',
  'boxoffice bookings list --user demo-user',
  'boxoffice inventory block <eventId> --section BAL --rows A',
  'boxoffice inventory audit',
  SIMULATE_NEXT,
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
    `boxoffice inventory block ${eventId} --section BAL --rows A${store}`,
    `boxoffice inventory audit --event ${eventId}${store}`,
    `boxoffice events search night --facets type,city${store}`,
    SIMULATE_NEXT,
  ];
}

function quote(value: string): string {
  return /^[\w./:@-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
