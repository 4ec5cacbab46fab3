import { input, number, select } from '@inquirer/prompts';
import { isBoxOfficeError, isUserId, TEST_TOKENS, type BoxOffice, type EventView, type Hold } from '@boxoffice/sdk';
import type { CommandContext } from '../../context.js';
import { println } from '../../io.js';
import { styleFor } from '../../output/colour.js';
import { formatShortWhen, money, seatList } from '../../output/format.js';
import { printBooking, printLines } from '../../output/records.js';
import { glyphsFor, renderSeatMap } from '../../output/seat-map.js';
import type { BookOptions } from './book.js';
import { EXPIRED, payPrompt } from './pay-prompt.js';
import { resolveSeats } from './seats.js';

/** What the test gateway does with each token, as the pay prompt shows it. */
const TOKEN_HINTS: Readonly<Record<string, string>> = {
  tok_visa: 'pays',
  tok_mastercard: 'pays',
  tok_declined: 'is declined',
  tok_insufficient_funds: 'is declined (insufficient funds)',
  tok_timeout: 'gets no answer',
};

/**
 * `boxoffice book` on a terminal with flags missing: search → pick an event → its seat map →
 * the best N or named seats → a hold with a live countdown → pay with a test token → the
 * booking. Flags given are not asked again. A declined card may be retried while the hold
 * lasts; Ctrl-C releases the hold.
 */
export async function interactiveBook(ctx: CommandContext, o: BookOptions): Promise<number> {
  const { io } = ctx;
  const bo = await ctx.open({ payments: true });
  const eventId = o.eventId ?? (await pickEvent(ctx, bo));
  if (eventId === undefined) return 1;
  const view = await bo.events.get(eventId);
  printLines(io, renderSeatMap(view, { style: styleFor(io), glyphs: glyphsFor(io.env), width: io.columns ?? 80 }));
  const userId =
    o.userId ??
    (await input({ message: 'Your user id:', default: defaultUser(io.env), validate: (v) => (isUserId(v.trim()) ? true : 'use 1-128 of A-Z a-z 0-9 _ . @ : -') })).trim();
  let hold: Hold | undefined;
  try {
    const taken = await takeHold(bo, view, userId, o);
    hold = taken;
    const held = view.tickets.filter((t) => taken.ticketIds.includes(t.id));
    println(io.stderr, `Held ${seatList(held)} for ${money(taken.total, taken.currency)}.`);
    for (;;) {
      const token =
        o.token ??
        (await payPrompt({
          message: `Pay ${money(taken.total, taken.currency)} with a test token`,
          choices: TEST_TOKENS.map((t) => ({ name: `${t} (${TOKEN_HINTS[t] ?? 'test'})`, value: t })),
          expiresAt: Date.parse(taken.expiresAt),
        }));
      if (token === EXPIRED) {
        println(io.stderr, 'boxoffice: the hold expired before payment; the seats are back on sale.');
        hold = undefined;
        return 1;
      }
      try {
        const booking = await bo.bookings.confirm({ holdId: taken.id, paymentDetails: { token } }, { userId });
        hold = undefined;
        printBooking(io, booking, view.tickets, view);
        return 0;
      } catch (error) {
        // A decline keeps the hold: let the buyer try another card while it lasts.
        if (o.token !== undefined || !isBoxOfficeError(error, 'PAYMENT_DECLINED')) throw error;
        println(io.stderr, `boxoffice: ${error.message.split(';')[0]}. Choose another token: the seats stay held.`);
      }
    }
  } catch (error) {
    if (isPromptExit(error)) {
      println(io.stderr, 'Cancelled.');
      return 1;
    }
    throw error;
  } finally {
    // Cancelled, expired or failed: give the seats back now rather than at expiry.
    if (hold) await bo.holds.release(hold.id, { userId }).catch(() => undefined);
  }
}

async function pickEvent(ctx: CommandContext, bo: BoxOffice): Promise<string | undefined> {
  for (;;) {
    const keyword = (await input({ message: 'Search events (words, or enter for the soonest):' })).trim();
    const result = await bo.events.search({ ...(keyword ? { keyword } : { sort: 'date' }), onlyAvailable: true, pageSize: 10 });
    if (result.items.length === 0) {
      println(ctx.io.stderr, keyword ? `No event with seats for sale matches "${keyword}".` : 'No event has seats for sale. Try `boxoffice demo` or `boxoffice seed`.');
      if (!keyword) return undefined;
      continue;
    }
    return select({
      message: `Pick an event (${result.total} ${result.total === 1 ? 'match' : 'matches'}):`,
      choices: result.items.map((e) => ({ name: `${e.title} — ${formatShortWhen(e.startsAt)} UTC`, value: e.id, description: e.id })),
    });
  }
}

async function takeHold(bo: BoxOffice, view: EventView, userId: string, o: BookOptions): Promise<Hold> {
  if (o.seats !== undefined) return bo.holds.create({ eventId: view.id, ticketIds: resolveSeats(o.seats, view.tickets) }, { userId });
  const max = Math.min(view.maxTicketsPerUser ?? 10, 10);
  const how = o.best !== undefined ? 'best' : await select({ message: 'Which seats?', choices: [{ name: 'The best available seats together', value: 'best' }, { name: 'Seats I name (SECTION:ROW:SEAT)', value: 'named' }] });
  if (how === 'named') {
    const labels = await input({
      message: 'Seats, comma-separated (e.g. STL:B:1,STL:B:2):',
      validate: (v) => {
        try {
          resolveSeats(labelsOf(v), view.tickets);
          return true;
        } catch (error) {
          return error instanceof Error ? error.message.replace(/^--seats: /, '') : String(error);
        }
      },
    });
    return bo.holds.create({ eventId: view.id, ticketIds: resolveSeats(labelsOf(labels), view.tickets) }, { userId });
  }
  const quantity = o.best ?? (await number({ message: `How many seats (1-${max})?`, min: 1, max, default: 2, required: true })) ?? 2;
  return bo.holds.create(
    { eventId: view.id, best: { quantity, ...(o.section === undefined ? {} : { section: o.section }), ...(o.maxPrice === undefined ? {} : { maxPrice: o.maxPrice }) } },
    { userId },
  );
}

function labelsOf(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function defaultUser(env: CommandContext['io']['env']): string | undefined {
  const user = env.USER ?? env.USERNAME;
  return user !== undefined && isUserId(user) ? user : undefined;
}

/** Ctrl-C or a closed terminal inside a prompt (inquirer's ExitPromptError / AbortPromptError). */
function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
