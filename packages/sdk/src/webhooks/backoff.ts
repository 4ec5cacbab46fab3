/**
 * The default retry schedule: the wait before attempt 2, 3, ... (10 s, 1 min, 5 min, 30 min,
 * 2 h, 8 h, 24 h), so a delivery is tried 8 times over about a day and a half, then FAILED;
 * the spirit of Stripe's (3 days) and of GitHub's (no automatic retry) kept short of both.
 */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [10_000, 60_000, 300_000, 1_800_000, 7_200_000, 28_800_000, 86_400_000];

/**
 * The wait after failed attempt `attempt` (1-based), with ±`jitter` (a fraction) spread so that
 * endpoints failing together are not retried in lock-step; null when no attempt is left.
 */
export function retryDelayMs(attempt: number, delays: readonly number[], jitter: number, random: () => number): number | null {
  const base = delays[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - jitter + 2 * jitter * random()));
}
