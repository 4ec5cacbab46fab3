import { drawCommitment, orderByCommitments } from '../domain/queue-draw.js';

/** Participants whose commitments are computed between two turns of the event loop. */
const SLICE = 2_000;

/**
 * `drawOrder` of domain/queue-draw.ts for the admission tick: one HMAC per participant costs a
 * few microseconds (100,000 participants: about 0.4 s here), so the commitments are computed in
 * slices and other requests run between them. The same order as `drawOrder`.
 */
export async function drawOrderInSlices(userIds: readonly string[], seed: string): Promise<string[]> {
  const unique = [...new Set(userIds)];
  const userOf = new Map<string, string>();
  for (let i = 0; i < unique.length; i += SLICE) {
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const userId of unique.slice(i, i + SLICE)) userOf.set(drawCommitment(seed, userId), userId);
  }
  return orderByCommitments(userOf, seed);
}
