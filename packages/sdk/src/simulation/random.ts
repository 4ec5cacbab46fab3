/**
 * Deterministic choices for virtual users. Each choice is a hash of (seed, user, purpose), not
 * a draw from one shared stream, so user 41's decisions are the same whatever order the users
 * happen to run in: one seed, one plan, however the event loop interleaves them.
 */

import { mix32, mulberry32 } from '../domain/seeded-random.js';

/** A 32-bit seed from a number or a string (FNV-1a over the string's code points, the first UTF-16 unit of each). */
export function seedOf(seed: number | string): number {
  if (typeof seed === 'number' && Number.isFinite(seed)) return (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
  let h = 0x811c9dc5;
  for (const ch of String(seed)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) fixed by (seed, user index, purpose). */
export function chance(seed: number, user: number, purpose: number): number {
  const h = mix32(mix32(seed ^ Math.imul(purpose + 1, 0x9e3779b9)) ^ mix32(user) ^ Math.imul(Math.floor(user / 2 ** 32), 0x27d4eb2d));
  return h / 2 ** 32;
}

/** A stream of numbers in [0, 1) (mulberry32), for code that wants a `random()` function. */
export const seededRandom = mulberry32;

/** What one virtual user will do, decided up front from the seed. */
export interface UserPlan {
  /** Holds, then walks away without paying: the hold expires. */
  readonly abandons: boolean;
  /** Pays with a card that declines (tok_declined). */
  readonly declines: boolean;
  /** After a decline: tries once more with tok_visa (else releases the hold and leaves). */
  readonly retriesAfterDecline: boolean;
}

const PURPOSE = { abandon: 1, decline: 2, retry: 3 } as const;

export function planOf(seed: number, user: number, rates: { abandonRate: number; declineRate: number; retryAfterDecline: number }): UserPlan {
  const abandons = chance(seed, user, PURPOSE.abandon) < rates.abandonRate;
  const declines = !abandons && chance(seed, user, PURPOSE.decline) < rates.declineRate;
  return { abandons, declines, retriesAfterDecline: declines && chance(seed, user, PURPOSE.retry) < rates.retryAfterDecline };
}
