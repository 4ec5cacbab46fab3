import { afterEach, describe, expect, it } from 'vitest';
import { BoxOfficeError, runSimulation, type BoxOffice } from '../../src/index.js';
import { simHarness, type SimHarness } from './harness.js';

let h: SimHarness;
afterEach(async () => {
  await h?.bo.close();
});

type ConfirmRequest = Parameters<BoxOffice['bookings']['confirm']>[0];
type ConfirmCall = NonNullable<Parameters<BoxOffice['bookings']['confirm']>[1]>;

/**
 * The in-process BoxOffice, but some confirms fail as over a flaky network: the first attempt
 * of every third hold goes through and its answer is lost (UNAVAILABLE after the booking was
 * made); the first of every third other hold is refused IDEMPOTENCY_IN_PROGRESS (its key still
 * leased by a process that died). Every confirm call is recorded.
 */
function flaky(bo: BoxOffice) {
  const calls: { holdId: string; idempotencyKey?: string | undefined }[] = [];
  const seenHolds = new Map<string, number>();
  const lost = { answers: 0, inProgress: 0 };
  const confirm = async (input: ConfirmRequest, call?: ConfirmCall) => {
    calls.push({ holdId: input.holdId, idempotencyKey: call?.idempotencyKey });
    const order = seenHolds.get(input.holdId) ?? seenHolds.size;
    const first = !seenHolds.has(input.holdId);
    seenHolds.set(input.holdId, order);
    if (first && order % 3 === 1) {
      lost.inProgress++;
      throw new BoxOfficeError('IDEMPOTENCY_IN_PROGRESS', 'a request with this idempotencyKey is still running; retry shortly');
    }
    const booking = await bo.bookings.confirm(input, call);
    if (first && order % 3 === 0) {
      lost.answers++;
      throw new BoxOfficeError('UNAVAILABLE', 'could not reach the server: socket hang up');
    }
    return booking;
  };
  return { bo: { ...bo, bookings: { ...bo.bookings, confirm } } satisfies BoxOffice, calls, lost };
}

describe('the simulator confirms with an idempotency key and retries a lost answer with it', () => {
  it('books every hold whose confirm lost its answer or met its key in progress, once, and the audit agrees', { timeout: 120_000 }, async () => {
    h = simHarness(7);
    const f = flaky(h.bo);
    const report = await runSimulation(f.bo, { users: 40, seats: 200, concurrency: 8, declineRate: 0, abandonRate: 0, storeClock: h.store });

    expect(f.lost.answers).toBeGreaterThan(3);
    expect(f.lost.inProgress).toBeGreaterThan(3);
    // Every confirm carries a key; every retry of a hold's confirm carries the first one's.
    const keyOf = new Map<string, string>();
    for (const call of f.calls) {
      expect(call.idempotencyKey).toEqual(expect.any(String));
      const key = keyOf.get(call.holdId) ?? call.idempotencyKey!;
      keyOf.set(call.holdId, key);
      expect(call.idempotencyKey).toBe(key);
    }
    expect(report.users.failed).toBe(0);
    expect(report.users.booked).toBe(40);
    expect(report.ok).toBe(true);
    // One booking and one capture per hold: a retry was never a second purchase.
    const bookings = await h.bo.listBookings({ eventId: report.eventId, pageSize: 500 });
    expect(bookings).toHaveLength(40);
    expect(new Set(bookings.map((b) => b.holdId)).size).toBe(40);
    expect(h.gateway.ledger().filter((e) => e.status === 'captured')).toHaveLength(40);
  });
});
