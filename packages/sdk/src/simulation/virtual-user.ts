import type { BoxOffice } from '../box-office.js';
import { isBoxOfficeError } from '../domain/errors.js';
import type { Booking, Hold } from '../domain/types.js';
import type { RunLedger } from './ledger.js';
import { retryConfirm, retryShed } from './shed-retry.js';
import type { Outcome, SimulationMetrics } from './metrics.js';
import type { UserPlan } from './random.js';

/** What a virtual user's journey needs from the engine. */
export interface JourneyContext {
  readonly bo: BoxOffice;
  readonly eventId: string;
  readonly seatsPerUser: number;
  readonly section: string | null;
  readonly metrics: SimulationMetrics;
  readonly ledger: RunLedger;
  /** Waits for this user's next turn on the event loop (see `Turns`). */
  turn(): Promise<void>;
  /** The run is stopping: users not holding yet give up their turn. */
  stopping(): boolean;
  /** Seats available in the live count. */
  seatsLeft(): number;
  /** Asks for a fresh read of the live count (throttled). */
  resync(): void;
  /** The user's hold attempts are over (whatever their result). */
  holdSettled(): void;
  /** A user started (+1) or stopped (−1) holding seats. */
  holding(delta: 1 | -1): void;
}

export interface VirtualUser {
  readonly index: number;
  readonly id: string;
  readonly plan: UserPlan;
  /** Queue runs: the token the queue handed out. */
  readonly admissionToken?: string | undefined;
}

/**
 * One buyer: best-available hold (adjacent seats; once more accepting separate seats if the
 * live count says enough are left), then pay — or walk away and let the hold expire. A
 * declined card is retried once with tok_visa, or the hold is released and the user leaves.
 * A hold the server shed (UNAVAILABLE) is asked again after a pause (`retryShed`); a confirm
 * carries an idempotency key and one whose answer was lost is sent again with it (`retryConfirm`).
 * Never throws: every failure is counted by the metrics and ends in an outcome.
 */
export async function runJourney(ctx: JourneyContext, user: VirtualUser): Promise<Outcome> {
  const hold = await takeHold(ctx, user);
  ctx.holdSettled();
  if (typeof hold === 'string') return hold;
  ctx.ledger.held(hold);
  if (user.plan.abandons) {
    ctx.ledger.abandoned(hold);
    return 'abandoned';
  }
  ctx.holding(1);
  try {
    return await pay(ctx, user, hold);
  } finally {
    ctx.holding(-1);
  }
}

async function takeHold(ctx: JourneyContext, user: VirtualUser): Promise<Hold | Outcome> {
  const { bo, metrics } = ctx;
  const hold = async (adjacent: boolean): Promise<Hold | 'stopped'> => {
    await ctx.turn();
    if (ctx.stopping()) return 'stopped';
    const attempt = () =>
      metrics.time('hold', () =>
        bo.holds.create(
          {
            eventId: ctx.eventId,
            best: { quantity: ctx.seatsPerUser, adjacent, ...(ctx.section === null ? {} : { section: ctx.section }) },
            ...(user.admissionToken === undefined ? {} : { admissionToken: user.admissionToken }),
          },
          { userId: user.id },
        ),
      );
    return retryShed(attempt, ctx.stopping);
  };
  try {
    return await hold(true);
  } catch (error) {
    if (!isBoxOfficeError(error, 'SEAT_UNAVAILABLE')) return 'failed';
  }
  // No block of adjacent seats left (or every race lost): separate seats will do.
  if (ctx.seatsPerUser === 1 || ctx.seatsLeft() < ctx.seatsPerUser) return 'noSeats';
  try {
    return await hold(false);
  } catch (error) {
    if (!isBoxOfficeError(error, 'SEAT_UNAVAILABLE')) return 'failed';
    // The live count promised seats the store does not have: it may be behind.
    ctx.resync();
    return 'noSeats';
  }
}

async function pay(ctx: JourneyContext, user: VirtualUser, hold: Hold): Promise<Outcome> {
  const confirm = async (token: string) => {
    await ctx.turn();
    // One key per purchase attempt (this hold, this card): a retry of a lost answer is the same
    // purchase, while paying again with another card after a decline is a new one.
    const idempotencyKey = `sim-confirm:${hold.id}:${token}`;
    return retryConfirm(() => ctx.metrics.time('confirm', () => ctx.bo.bookings.confirm({ holdId: hold.id, paymentDetails: { token } }, { userId: user.id, idempotencyKey })));
  };
  let booking: Booking;
  try {
    booking = await confirm(user.plan.declines ? 'tok_declined' : 'tok_visa');
  } catch (error) {
    if (!isBoxOfficeError(error, 'PAYMENT_DECLINED')) return failed(ctx, user, hold);
    ctx.ledger.declined(hold);
    if (!user.plan.retriesAfterDecline) {
      ctx.ledger.unpaid(hold);
      await release(ctx, user, hold);
      return 'gaveUp';
    }
    try {
      booking = await confirm('tok_visa');
    } catch {
      return failed(ctx, user, hold);
    }
  }
  ctx.ledger.booked(booking);
  ctx.metrics.seatsBooked += booking.ticketIds.length;
  return 'booked';
}

async function failed(ctx: JourneyContext, user: VirtualUser, hold: Hold): Promise<Outcome> {
  ctx.ledger.unpaid(hold);
  await release(ctx, user, hold);
  return 'failed';
}

async function release(ctx: JourneyContext, user: VirtualUser, hold: Hold): Promise<void> {
  await ctx.turn();
  await ctx.metrics.time('release', () => ctx.bo.holds.release(hold.id, { userId: user.id })).catch(() => undefined);
}
