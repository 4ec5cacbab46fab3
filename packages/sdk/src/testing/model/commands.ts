import fc from 'fast-check';
import { expect } from 'vitest';
import type { Hold } from '../../domain/types.js';
import { checkInvariants, holdIsLive, ownedBy, type Model, type Real } from './model.js';

type Cmd = fc.AsyncCommand<Model, Real>;

const USERS = ['u0', 'u1', 'u2'] as const;
/** Clock jumps: with a 600 s TTL these never land within seconds of an expiry (see model-suite). */
export const CLOCK_JUMPS = [10_001, 250_001, 700_001] as const;
export const HOLD_TTL_SECONDS = 600;

async function failureCode(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') throw e;
    return code;
  }
}

function user(real: Real, u: string): string {
  return `${real.runId}-${u}`;
}

/** Predicts a hold's outcome from the model, then checks the store agrees and records it. */
function applyHold(model: Model, real: Real, u: string, ids: readonly string[], now: number, result: Hold | string): void {
  const free = ids.every((id) => {
    const booked = model.bookings.some((b) => b.status === 'CONFIRMED' && b.ticketIds.includes(id));
    const held = model.holds.some((h) => h.ticketIds.includes(id) && holdIsLive(model, h, now) );
    return !booked && !held;
  });
  const withinCap = ownedBy(model, user(real, u), now) + ids.length <= model.maxPerUser;
  const expected = !withinCap ? 'LIMIT_EXCEEDED' : free ? 'ok' : 'SEAT_UNAVAILABLE';
  expect(typeof result === 'string' ? result : 'ok', `hold ${u} ${ids.join(',')}`).toBe(expected);
  if (typeof result !== 'string') {
    model.holds.push({ id: result.id, userId: user(real, u), ticketIds: [...result.ticketIds], expiresAt: Date.parse(result.expiresAt), status: 'ACTIVE' });
  }
}

class HoldCommand implements Cmd {
  constructor(readonly u: string, readonly picks: readonly number[]) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const ids = [...new Set(this.picks.map((i) => model.tickets[i % model.tickets.length]!))];
    const now = await real.store.now();
    const result = await real.bo.hold({ eventId: real.eventId, userId: user(real, this.u), ticketIds: ids }).catch((e: { code: string }) => e.code);
    applyHold(model, real, this.u, ids, now, result);
    await checkInvariants(model, real);
  }
  toString = () => `hold(${this.u}, [${this.picks.join(',')}])`;
}

/** Two users race for overlapping seats at the same instant: at most one of them wins each seat. */
class RaceCommand implements Cmd {
  constructor(readonly picksA: readonly number[], readonly picksB: readonly number[]) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const idsA = [...new Set(this.picksA.map((i) => model.tickets[i % model.tickets.length]!))];
    const idsB = [...new Set(this.picksB.map((i) => model.tickets[i % model.tickets.length]!))];
    const now = await real.store.now();
    const [a, b] = await Promise.all([
      real.bo.hold({ eventId: real.eventId, userId: user(real, 'u0'), ticketIds: idsA }).catch((e: { code: string }) => e.code),
      real.bo.hold({ eventId: real.eventId, userId: user(real, 'u1'), ticketIds: idsB }).catch((e: { code: string }) => e.code),
    ]);
    if (typeof a !== 'string' && typeof b !== 'string') {
      expect(idsA.some((id) => idsB.includes(id)), 'two overlapping holds both succeeded').toBe(false);
    }
    // Apply the winner first: the loser's outcome is then predicted against the winner's seats.
    const order: Array<[string, string[], Hold | string]> = typeof b !== 'string' && typeof a === 'string' ? [['u1', idsB, b], ['u0', idsA, a]] : [['u0', idsA, a], ['u1', idsB, b]];
    for (const [u, ids, r] of order) applyHold(model, real, u, ids, now, r);
    await checkInvariants(model, real);
  }
  toString = () => `race([${this.picksA.join(',')}], [${this.picksB.join(',')}])`;
}

class ConfirmCommand implements Cmd {
  constructor(readonly index: number, readonly token: string) {}
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const hold = model.holds[this.index % model.holds.length]!;
    const now = await real.store.now();
    const live = holdIsLive(model, hold, now);
    const result = await real.bo.confirm({ holdId: hold.id, userId: hold.userId, paymentDetails: { token: this.token } }).catch((e: { code: string }) => e.code);
    if (hold.status === 'CONFIRMED') {
      expect(typeof result === 'string' ? result : result.holdId).toBe(hold.id);
    } else if (hold.status === 'RELEASED') {
      expect(result).toBe('HOLD_NOT_ACTIVE');
    } else if (!live) {
      expect(result).toBe('HOLD_EXPIRED');
    } else if (this.token === 'tok_visa') {
      expect(typeof result, `confirm ${hold.id}: ${String(result)}`).toBe('object');
      if (typeof result !== 'string') {
        hold.status = 'CONFIRMED';
        model.bookings.push({ id: result.id, userId: hold.userId, holdId: hold.id, paymentId: result.paymentId, ticketIds: [...result.ticketIds], status: 'CONFIRMED' });
      }
    } else {
      expect(result).toBe(this.token === 'tok_timeout' ? 'PAYMENT_UNCERTAIN' : 'PAYMENT_DECLINED');
    }
    await checkInvariants(model, real);
  }
  toString = () => `confirm(#${this.index}, ${this.token})`;
}

class ReleaseCommand implements Cmd {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.holds.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const hold = model.holds[this.index % model.holds.length]!;
    const now = await real.store.now();
    const code = await failureCode(real.bo.releaseHold({ holdId: hold.id, userId: hold.userId }));
    if (hold.status === 'CONFIRMED') expect(code).toBe('HOLD_NOT_ACTIVE');
    else {
      expect(code).toBe(null);
      // Releasing an expired hold changes nothing: it stays expired.
      if (hold.expiresAt > now) hold.status = 'RELEASED';
    }
    await checkInvariants(model, real);
  }
  toString = () => `release(#${this.index})`;
}

class CancelCommand implements Cmd {
  constructor(readonly index: number) {}
  check = (m: Readonly<Model>) => m.bookings.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const booking = model.bookings[this.index % model.bookings.length]!;
    const result = await real.bo.cancelBooking({ bookingId: booking.id, userId: booking.userId });
    expect(result.status).toBe('CANCELLED');
    booking.status = 'CANCELLED';
    await checkInvariants(model, real);
  }
  toString = () => `cancel(#${this.index})`;
}

class AdvanceClockCommand implements Cmd {
  constructor(readonly ms: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    await real.store.advanceClock(this.ms);
    await checkInvariants(model, real);
  }
  toString = () => `advance(${this.ms})`;
}

class SweepCommand implements Cmd {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    await real.bo.sweep();
    await checkInvariants(model, real);
  }
  toString = () => 'sweep()';
}

export function commandArbitraries(seats: number): Array<fc.Arbitrary<Cmd>> {
  const picks = fc.array(fc.nat({ max: seats - 1 }), { minLength: 1, maxLength: 3 });
  return [
    fc.tuple(fc.constantFrom(...USERS), picks).map(([u, p]) => new HoldCommand(u, p)),
    fc.tuple(picks, picks).map(([a, b]) => new RaceCommand(a, b)),
    fc.tuple(fc.nat(), fc.constantFrom('tok_visa', 'tok_visa', 'tok_declined', 'tok_timeout')).map(([i, t]) => new ConfirmCommand(i, t)),
    fc.nat().map((i) => new ReleaseCommand(i)),
    fc.nat().map((i) => new CancelCommand(i)),
    fc.constantFrom(...CLOCK_JUMPS).map((ms) => new AdvanceClockCommand(ms)),
    fc.constant(new SweepCommand()),
  ];
}
