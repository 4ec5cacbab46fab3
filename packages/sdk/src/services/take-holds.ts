import type { Store, TakeHoldRequest, TakeHoldResult } from '../ports/store.js';

/**
 * Several holds at once, each settled on its own: in one store call where the store takes
 * batches (`takeHolds`: one call fails or answers as a whole), else one call per request.
 */
export async function takeHolds(store: Store, requests: readonly TakeHoldRequest[]): Promise<PromiseSettledResult<TakeHoldResult>[]> {
  if (store.takeHolds && requests.length > 1) {
    try {
      const results = await store.takeHolds(requests);
      return results.map((value) => ({ status: 'fulfilled', value }));
    } catch (reason) {
      return requests.map(() => ({ status: 'rejected', reason }));
    }
  }
  return Promise.allSettled(requests.map((r) => store.takeHold(r)));
}
