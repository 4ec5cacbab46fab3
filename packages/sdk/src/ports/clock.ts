/**
 * The service's clock, for decisions that are not the store's to make (when an on-sale opens,
 * when to sweep). Hold expiry never uses it: that is the store's clock.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
