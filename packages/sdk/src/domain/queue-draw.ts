import { createHash, createHmac } from 'node:crypto';

/**
 * The randomized pre-queue's draw, auditable by anyone, publishing no user id.
 *
 * 1. When the operator configures a randomized queue, a 32-byte seed is drawn and kept secret;
 *    its commitment, `seedHash = hex(SHA-256(seed bytes))`, is published at once.
 * 2. At the on-sale time each participant (every user who joined before it and did not leave)
 *    gets a per-user commitment `c(u) = hex(HMAC-SHA256(key = seed bytes, "boxoffice-draw-user-v1:" ‖
 *    UTF-8 user id))`. The commitments, sorted (ASCII byte order), are shuffled by
 *    `seededShuffle(sorted, seed)`; the user whose commitment is k-th in the result gets number k.
 * 3. After the draw the seed is revealed with the order of commitments (never the user ids).
 *    Anyone checks `auditDraw`: the seed matches the commitment published before anyone joined,
 *    and re-running the shuffle over the sorted published commitments gives exactly the
 *    published order. A user checks `findDrawPlace`: their own commitment, computed from the
 *    revealed seed and their id, sits at their number.
 *
 * Why this shape: the commitment is keyed by the seed, which nobody but the server knows before
 * the reveal, so the list cannot be matched against a dictionary of e-mail addresses before it;
 * and the seed was fixed (its hash published) before anyone joined, while user ids are the
 * users' own, so the server cannot pick commitments or a starting order that favour anyone.
 * After the reveal, someone who already knows (or guesses) an exact user id can test whether it
 * took part, as its owner can; the list itself names nobody.
 *
 * The shuffle is Fisher–Yates driven by SHA-256 in counter mode, specified so that it can be
 * re-implemented in any language:
 *   block(i) = SHA-256(seed bytes ‖ "boxoffice-draw-v1" ‖ uint32be(i)), i = 0, 1, ...;
 *   the stream is the blocks' bytes read as consecutive uint32be words;
 *   uniform(n) takes words w until w < n × floor(2^32 / n) and returns w mod n (no modulo bias);
 *   for i = len − 1 down to 1: j = uniform(i + 1); swap items i and j.
 */

const SEED_HEX = /^[0-9a-f]{64}$/;
const DOMAIN = Buffer.from('boxoffice-draw-v1', 'ascii');
const USER_DOMAIN = 'boxoffice-draw-user-v1:';
/** The most commitments one read of a published draw returns. */
export const MAX_DRAW_PAGE = 10_000;

export function isDrawSeed(seed: unknown): seed is string {
  return typeof seed === 'string' && SEED_HEX.test(seed);
}

/** The published commitment to a seed (64 lowercase hex digits). */
export function seedCommitment(seed: string): string {
  if (!isDrawSeed(seed)) throw new TypeError('a draw seed is 64 lowercase hex digits');
  return createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex');
}

/** A stream of uniform integers from the seed (see the module comment). */
class SeedStream {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;
  private readonly seed: Buffer;

  constructor(seed: string) {
    this.seed = Buffer.from(seed, 'hex');
  }

  private word(): number {
    if (this.offset >= this.block.length) {
      const index = Buffer.alloc(4);
      index.writeUInt32BE(this.counter++);
      this.block = createHash('sha256').update(this.seed).update(DOMAIN).update(index).digest();
      this.offset = 0;
    }
    const w = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return w;
  }

  uniform(n: number): number {
    const limit = n * Math.floor(2 ** 32 / n);
    for (;;) {
      const w = this.word();
      if (w < limit) return w % n;
    }
  }
}

/** A deterministic permutation of `items` from `seed` (the input is not modified). */
export function seededShuffle<T>(items: readonly T[], seed: string): T[] {
  if (!isDrawSeed(seed)) throw new TypeError('a draw seed is 64 lowercase hex digits');
  const out = items.slice();
  const stream = new SeedStream(seed);
  for (let i = out.length - 1; i >= 1; i--) {
    const j = stream.uniform(i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** A participant's published commitment: hex(HMAC-SHA256(seed bytes, "boxoffice-draw-user-v1:" ‖ userId)). */
export function drawCommitment(seed: string, userId: string): string {
  if (!isDrawSeed(seed)) throw new TypeError('a draw seed is 64 lowercase hex digits');
  return createHmac('sha256', Buffer.from(seed, 'hex')).update(USER_DOMAIN).update(userId, 'utf8').digest('hex');
}

/** Commitments in the canonical order the draw shuffles: unique, sorted by ASCII byte order. */
export function canonicalCommitments(commitments: Iterable<string>): string[] {
  // JavaScript's default sort compares UTF-16 code units: for hex digits, ASCII byte order.
  return [...new Set(commitments)].sort();
}

/** The draw: the participants' user ids in drawn order (their commitments' canonical order, shuffled by the seed). */
export function drawOrder(userIds: Iterable<string>, seed: string): string[] {
  const userOf = new Map<string, string>();
  for (const userId of new Set(userIds)) userOf.set(drawCommitment(seed, userId), userId);
  return orderByCommitments(userOf, seed);
}

/** The draw's last step, from each participant's commitment (`userOf`: commitment → user id). */
export function orderByCommitments(userOf: ReadonlyMap<string, string>, seed: string): string[] {
  return seededShuffle(canonicalCommitments(userOf.keys()), seed).map((c) => userOf.get(c)!);
}

export interface DrawAudit {
  /** The revealed seed hashes to the commitment published before the draw. */
  readonly seedMatchesCommitment: boolean;
  /** Re-running the shuffle over the published commitments gives the published order. */
  readonly orderReproduced: boolean;
}

/** Checks a published draw: what anyone can verify from the seed's hash, the seed and the order of commitments. */
export function auditDraw(published: { seedHash: string; seed: string; order: readonly string[] }): DrawAudit {
  const seedMatchesCommitment = isDrawSeed(published.seed) && seedCommitment(published.seed) === published.seedHash;
  if (!seedMatchesCommitment) return { seedMatchesCommitment, orderReproduced: false };
  const again = seededShuffle(canonicalCommitments(published.order), published.seed);
  const orderReproduced = again.length === published.order.length && again.every((c, i) => c === published.order[i]);
  return { seedMatchesCommitment, orderReproduced };
}

/**
 * A user's own check: the number their commitment has in the published order (1-based, counting
 * from `offset` when `order` is a page of it), or null when it is not there (or not drawn yet).
 */
export function findDrawPlace(published: { seed: string | null; order: readonly string[]; offset?: number }, userId: string): number | null {
  if (published.seed === null) return null;
  const index = published.order.indexOf(drawCommitment(published.seed, userId));
  return index < 0 ? null : (published.offset ?? 0) + index + 1;
}
