import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { admissionAllowance, carryAfter, estimateWait, nextMeasuredRate, positionOf } from '../../src/domain/queue.js';
import { auditDraw, canonicalCommitments, drawCommitment, drawOrder, findDrawPlace, seedCommitment, seededShuffle } from '../../src/domain/queue-draw.js';
import { signAdmission, verifyAdmission } from '../../src/services/admission-token.js';

const seedOf = (s: string) => createHash('sha256').update(s).digest('hex');

describe('queue arithmetic', () => {
  it('position = number − counter, never negative', () => {
    expect(positionOf(120, 100)).toBe(20);
    expect(positionOf(100, 100)).toBe(0);
    expect(positionOf(5, 100)).toBe(0);
  });

  it('estimates a ±25 % band from the measured rate, never faster than configured', () => {
    expect(estimateWait(0, 10, 10)).toEqual({ low: 0, high: 0 });
    expect(estimateWait(100, 10, 50)).toEqual({ low: 8, high: 14 }); // 100/12.5, 100/7.5
    expect(estimateWait(100, 10, 10)).toEqual({ low: 10, high: 14 }); // capped at the configured 10/s
    expect(estimateWait(100, null, 20)).toEqual({ low: 5, high: 10 }); // nothing measured yet
    expect(estimateWait(100, 0, null)).toEqual({ low: 0, high: null });
  });

  it('smooths the measured rate with a 10 s time constant', () => {
    expect(nextMeasuredRate(null, 5, 500)).toBe(10);
    const r = nextMeasuredRate(10, 0, 10_000)!;
    expect(r).toBeCloseTo(10 * Math.exp(-1), 6);
    expect(nextMeasuredRate(7, 3, 0)).toBe(7);
  });

  it('admits at the rate over time, never more than rate × time + 1', () => {
    let carry = 0;
    let admitted = 0;
    for (let t = 0; t < 1000; t++) {
      const a = admissionAllowance({ carry, rate: 7.3, elapsedMs: 100, tickMs: 100, maxBatch: 1000 });
      admitted += a.whole;
      carry = carryAfter(a, a.whole);
    }
    expect(admitted).toBeLessThanOrEqual(Math.ceil(7.3 * 100) + 1);
    expect(admitted).toBeGreaterThanOrEqual(Math.floor(7.3 * 100) - 1);
    // Slow rates accumulate across ticks: 0.5/s with 200 ms ticks admits one every 2 s.
    carry = 0;
    admitted = 0;
    for (let t = 0; t < 100; t++) {
      const a = admissionAllowance({ carry, rate: 0.5, elapsedMs: 200, tickMs: 200, maxBatch: 1000 });
      admitted += a.whole;
      carry = carryAfter(a, a.whole);
    }
    expect(admitted).toBe(10);
    // A long pause builds no more than one second's worth.
    expect(admissionAllowance({ carry: 0.5, rate: 10, elapsedMs: 60_000, tickMs: 200, maxBatch: 1000 }).whole).toBe(10);
    expect(carryAfter({ whole: 10, allowance: 10.5 }, 0)).toBe(1);
    expect(admissionAllowance({ carry: 0, rate: null, elapsedMs: 1, tickMs: 200, maxBatch: 50 }).whole).toBe(50);
  });
});

describe('the randomized draw', () => {
  const seed = seedOf('fixed');

  it('is deterministic, a permutation, and pinned by a test vector', () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const a = seededShuffle(items, seed);
    expect(seededShuffle(items, seed)).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(items);
    expect(seededShuffle(items, seedOf('other'))).not.toEqual(a);
    // Pinned: any re-implementation of the documented algorithm must give this order.
    expect(a).toMatchInlineSnapshot(`
      [
        7,
        9,
        4,
        6,
        8,
        2,
        3,
        0,
        1,
        5,
      ]
    `);
  });

  it('shuffles the canonical (sorted, unique) commitments, whatever the arrival order', () => {
    expect(canonicalCommitments(['b', 'a', 'c', 'a'])).toEqual(['a', 'b', 'c']);
    expect(drawOrder(['c', 'b', 'a'], seed)).toEqual(drawOrder(['a', 'b', 'c', 'b'], seed));
    const users = ['ann', 'bob', 'cat'];
    const commitments = users.map((u) => drawCommitment(seed, u));
    expect(drawOrder(users, seed).map((u) => drawCommitment(seed, u))).toEqual(seededShuffle(canonicalCommitments(commitments), seed));
  });

  it('a commitment is HMAC-SHA256 of the user id keyed by the seed: pinned, and useless without the seed', () => {
    const c = drawCommitment(seed, 'ann@example.com');
    expect(c).toMatch(/^[0-9a-f]{64}$/);
    expect(drawCommitment(seed, 'ann@example.com')).toBe(c);
    // Without the seed, hashing a guessed id (plainly or with another key) does not find it.
    expect(c).not.toBe(createHash('sha256').update('ann@example.com').digest('hex'));
    expect(drawCommitment(seedOf('other'), 'ann@example.com')).not.toBe(c);
    // Re-implementable from the documented recipe.
    expect(c).toBe(createHmac('sha256', Buffer.from(seed, 'hex')).update('boxoffice-draw-user-v1:ann@example.com').digest('hex'));
  });

  it('a user finds their own number in the published commitments, and nobody else is named', () => {
    const users = ['ann@example.com', 'bob@example.com', 'cat@example.com', 'dan@example.com'];
    const drawn = drawOrder(users, seed);
    const order = drawn.map((u) => drawCommitment(seed, u));
    for (const [i, u] of drawn.entries()) expect(findDrawPlace({ seed, order }, u)).toBe(i + 1);
    expect(findDrawPlace({ seed, order }, 'eve@example.com')).toBeNull();
    expect(findDrawPlace({ seed, order: order.slice(2), offset: 2 }, drawn[3]!)).toBe(4);
    expect(order.join()).not.toMatch(/example/);
  });

  it('is uniform: every user equally likely at every position (chi-square over 20,000 seeds)', () => {
    const n = 8;
    const runs = 20_000;
    const counts = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    const items = Array.from({ length: n }, (_, i) => i);
    for (let r = 0; r < runs; r++) {
      seededShuffle(items, seedOf(`uniform:${r}`)).forEach((item, position) => counts[item]![position]!++);
    }
    const expected = runs / n;
    let chi = 0;
    for (const row of counts) for (const o of row) chi += (o - expected) ** 2 / expected;
    // (n−1)² = 49 degrees of freedom: P(χ² > 85.35) = 0.001.
    expect(chi).toBeLessThan(85.35);
  });

  it('an audit catches a wrong seed or a tampered order', () => {
    const order = drawOrder(['ann', 'bob', 'cat', 'dan', 'eve'], seed).map((u) => drawCommitment(seed, u));
    const seedHash = seedCommitment(seed);
    expect(auditDraw({ seedHash, seed, order })).toEqual({ seedMatchesCommitment: true, orderReproduced: true });
    const swapped = [order[1]!, order[0]!, ...order.slice(2)];
    expect(auditDraw({ seedHash, seed, order: swapped })).toEqual({ seedMatchesCommitment: true, orderReproduced: false });
    expect(auditDraw({ seedHash, seed: seedOf('late-change'), order }).seedMatchesCommitment).toBe(false);
  });
});

describe('admission tokens', () => {
  const secret = 'a-deployment-secret-of-some-length';
  const claims = { eventId: 'evt_1', userId: 'ann', number: 42, expiresAt: 1_700_000_000_000 };

  it('round-trips and is deterministic (asking again gives the same token)', () => {
    const token = signAdmission(secret, claims);
    expect(signAdmission(secret, claims)).toBe(token);
    expect(verifyAdmission(secret, token)).toEqual(claims);
  });

  it('rejects forgeries: another secret, edited claims, garbage', () => {
    const token = signAdmission(secret, claims);
    expect(() => verifyAdmission('another-secret-entirely-123', token)).toThrow(expect.objectContaining({ code: 'QUEUE_TOKEN_INVALID' }));
    const [v, , sig] = token.split('.');
    const edited = Buffer.from(JSON.stringify({ e: 'evt_1', u: 'mallory', n: 42, x: 1_700_000_000 })).toString('base64url');
    expect(() => verifyAdmission(secret, `${v}.${edited}.${sig}`)).toThrow(expect.objectContaining({ code: 'QUEUE_TOKEN_INVALID' }));
    for (const junk of ['', 'x', 'bq1..', 'bo1.a.b', 'a'.repeat(5000)]) {
      expect(() => verifyAdmission(secret, junk)).toThrow(expect.objectContaining({ code: 'QUEUE_TOKEN_INVALID' }));
    }
  });
});
