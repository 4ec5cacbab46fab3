import { describe, expect, it } from 'vitest';
import type { IdempotencyLease } from '../../ports/store.js';
import { useCaseContext, type StoreFactory } from './harness.js';

const LEASE_MS = 5_000;
const lease = (owner: string): IdempotencyLease => ({ owner, leaseMs: LEASE_MS });

/** Idempotency keys with leases (a store-side port): the same semantics on every store. */
export function idempotencyCases(factory: StoreFactory): void {
  describe('idempotency keys', () => {
    const c = useCaseContext(factory);

    it('claims: new, in-progress, mismatch, done; a finished key is kept and a released one is free', async () => {
      const { store } = c;
      expect(await store.claimIdempotencyKey('s', 'k1', 'fp-a', lease('a'))).toEqual({ state: 'new' });
      expect(await store.claimIdempotencyKey('s', 'k1', 'fp-a', lease('b'))).toEqual({ state: 'in-progress' });
      expect(await store.claimIdempotencyKey('s', 'k1', 'fp-b', lease('b'))).toEqual({ state: 'mismatch' });
      expect(await store.claimIdempotencyKey('s2', 'k1', 'fp-b', lease('b'))).toEqual({ state: 'new' });
      expect(await store.completeIdempotencyKey('s', 'k1', 'a', { ok: { id: 'bkg_1', n: [1, 2] } })).toBe(true);
      expect(await store.claimIdempotencyKey('s', 'k1', 'fp-a', lease('b'))).toEqual({ state: 'done', response: { ok: { id: 'bkg_1', n: [1, 2] } } });
      await store.releaseIdempotencyKey('s', 'k1', 'a');
      expect(await store.claimIdempotencyKey('s', 'k1', 'fp-a', lease('b'))).toMatchObject({ state: 'done' });

      expect(await store.claimIdempotencyKey('s', 'k2', 'fp', lease('a'))).toEqual({ state: 'new' });
      await store.releaseIdempotencyKey('s', 'k2', 'a');
      expect(await store.claimIdempotencyKey('s', 'k2', 'fp', lease('b'))).toEqual({ state: 'new' });
      expect(await store.completeIdempotencyKey('s', 'k2', 'b', null)).toBe(true);
      expect(await store.claimIdempotencyKey('s', 'k2', 'fp', lease('c'))).toEqual({ state: 'done', response: null });

      const racing = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claimIdempotencyKey('s', 'k3', 'fp', lease(`r${i}`))));
      expect(racing.filter((r) => r.state === 'new')).toHaveLength(1);
      expect(racing[0]).toEqual({ state: 'new' });
    });

    it('a claim whose lease lapsed is taken over, and its first owner can no longer record, renew or release', async () => {
      const { store } = c;
      expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('first'))).toEqual({ state: 'new' });
      await store.advanceClock(LEASE_MS - 1_000);
      expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('second'))).toEqual({ state: 'in-progress' });
      await store.advanceClock(1_500);
      expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('second'))).toEqual({ state: 'new' });
      // The first owner wakes up: nothing it writes lands on the second owner's claim.
      expect(await store.renewIdempotencyKey('s', 'k', lease('first'))).toBe(false);
      expect(await store.completeIdempotencyKey('s', 'k', 'first', { ok: 'first' })).toBe(false);
      await store.releaseIdempotencyKey('s', 'k', 'first');
      expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('third'))).toEqual({ state: 'in-progress' });
      expect(await store.completeIdempotencyKey('s', 'k', 'second', { ok: 'second' })).toBe(true);
      expect(await store.completeIdempotencyKey('s', 'k', 'first', { ok: 'first' })).toBe(false);
      expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('third'))).toEqual({ state: 'done', response: { ok: 'second' } });
      // A finished key is never taken over, however long ago it finished.
      await store.advanceClock(10 * LEASE_MS);
      expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('fourth'))).toEqual({ state: 'done', response: { ok: 'second' } });
    });

    it('renewing keeps a claim past its first lease; it lapses a lease after the last renewal', async () => {
      const { store } = c;
      expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('owner'))).toEqual({ state: 'new' });
      for (let i = 0; i < 3; i++) {
        await store.advanceClock(LEASE_MS - 1_000);
        expect(await store.renewIdempotencyKey('s', 'k', lease('owner'))).toBe(true);
        expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('retry'))).toEqual({ state: 'in-progress' });
      }
      await store.advanceClock(LEASE_MS + 500);
      expect(await store.claimIdempotencyKey('s', 'k', 'fp', lease('retry'))).toEqual({ state: 'new' });
      expect(await store.renewIdempotencyKey('s', 'k', lease('owner'))).toBe(false);
    });
  });
}
