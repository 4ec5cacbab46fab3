/**
 * Deterministic choices for virtual users. Each choice is a hash of (seed, user, purpose), not
 * a draw from one shared stream, so user 41's decisions are the same whatever order the users
 * happen to run in: one seed, one plan, however the event loop interleaves them.
 */

/** A 32-bit seed from a number or a string (FNV-1a over the string's UTF-16 units). */
export function seedOf(seed: number | string): number {
  if (typeof seed === 'number' && Number.isFinite(seed)) return (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
  let h = 0x811c9dc5;
  for (const ch of String(seed)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3's 32-bit finaliser: a good avalanche of every input bit. */
function mix(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) fixed by (seed, user index, purpose). */
export function chance(seed: number, user: number, purpose: number): number {
  const h = mix(mix(seed ^ Math.imul(purpose + 1, 0x9e3779b9)) ^ mix(user) ^ Math.imul(Math.floor(user / 2 ** 32), 0x27d4eb2d));
  return h / 2 ** 32;
}

/** A stream of numbers in [0, 1) (mulberry32), for code that wants a `random()` function. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

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
