import { createHash } from 'node:crypto';

/**
 * The randomized pre-queue's draw, auditable by anyone.
 *
 * 1. When the operator configures a randomized queue, a 32-byte seed is drawn and kept secret;
 *    its commitment, `seedHash = hex(SHA-256(seed bytes))`, is published at once.
 * 2. At the on-sale time the participants (every user who joined before it and did not leave)
 *    are sorted by user id (ASCII byte order) and shuffled by `seededShuffle(sorted, seed)`; the
 *    k-th user of the result gets number k.
 * 3. After the draw the seed is revealed with the order. Anyone checks `auditDraw`: the seed
 *    matches the commitment, and re-running the shuffle over the sorted participants gives
 *    exactly the published order.
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

/** Participants in the canonical order the draw shuffles: unique, sorted by ASCII byte order. */
export function canonicalParticipants(userIds: Iterable<string>): string[] {
  return [...new Set(userIds)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The draw: the canonical participants, shuffled by the seed. */
export function drawOrder(userIds: Iterable<string>, seed: string): string[] {
  return seededShuffle(canonicalParticipants(userIds), seed);
}

export interface DrawAudit {
  /** The revealed seed hashes to the commitment published before the draw. */
  readonly seedMatchesCommitment: boolean;
  /** Re-running the shuffle over the published participants gives the published order. */
  readonly orderReproduced: boolean;
}

/** Checks a published draw: what anyone can verify from the commitment, the seed and the order. */
export function auditDraw(published: { seedHash: string; seed: string; order: readonly string[] }): DrawAudit {
  const seedMatchesCommitment = isDrawSeed(published.seed) && seedCommitment(published.seed) === published.seedHash;
  if (!seedMatchesCommitment) return { seedMatchesCommitment, orderReproduced: false };
  const again = drawOrder(published.order, published.seed);
  const orderReproduced = again.length === published.order.length && again.every((u, i) => u === published.order[i]);
  return { seedMatchesCommitment, orderReproduced };
}
