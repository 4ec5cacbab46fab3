/**
 * Which rows of a layout may hold a block, kept in step with successive availability reads.
 *
 * Late in a sale most rows in front hold scattered seats and no block; the walk would still
 * look at each of them on every hold. This index keeps, per quantity, one bit per row (in the
 * layout's rank order) saying whether the row may hold a block, and one saying whether it may
 * hold a block that leaves no orphan. Each read is compared word by word with the previous one
 * and only the rows over changed words are re-tested, so a hold costs the seats that changed,
 * not the rows. The bits are a pure function of the availability read: any store's reads
 * (including other processes' writes) keep it exact.
 *
 * Only rows the word test is exact for (`mayHoldBlock`: aligned, up to 32 seats) are ever
 * cleared; every other row stays set and is looked at by the walk as before.
 */
import { mayHoldBlock } from './availability-bits.js';
import type { SeatLayout } from './seat-layout.js';

export interface RowBits {
  /** Bit r set: `layout.rows[r]` may hold a block of the quantity. */
  readonly any: Uint32Array;
  /** Bit r set: it may hold one that leaves no single orphan seat. */
  readonly noOrphan: Uint32Array;
}

interface PerQuantity extends RowBits {
  readonly seen: Uint32Array;
}

export class RowBlockIndex {
  private readonly byQuantity = new Map<number, PerQuantity>();
  /** For each availability word, the testable rows over it (offsets into `rowsOfWord`). */
  private readonly wordStart: Int32Array;
  private readonly rowsOfWord: Int32Array;

  constructor(private readonly layout: SeatLayout) {
    const words = Math.ceil(layout.seats.length / 32);
    const lists: number[][] = Array.from({ length: words }, () => []);
    layout.rows.forEach((row, r) => {
      if (!testable(row)) return;
      for (let w = row.span![0] >>> 5; w <= row.span![1] >>> 5; w++) lists[w]!.push(r);
    });
    this.wordStart = new Int32Array(words + 1);
    lists.forEach((list, w) => (this.wordStart[w + 1] = this.wordStart[w]! + list.length));
    this.rowsOfWord = Int32Array.from(lists.flat());
  }

  /** The row bits for blocks of `n` as of `available` (which must be this layout's). */
  rowsFor(available: Uint32Array, n: number): RowBits {
    let state = this.byQuantity.get(n);
    if (!state) {
      state = this.fresh(available, n);
      this.byQuantity.set(n, state);
      return state;
    }
    const seen = state.seen;
    for (let w = 0; w < available.length; w++) {
      if (seen[w] === available[w]) continue;
      seen[w] = available[w]!;
      for (let k = this.wordStart[w]!; k < this.wordStart[w + 1]!; k++) this.test(state, this.rowsOfWord[k]!, available, n);
    }
    return state;
  }

  private fresh(available: Uint32Array, n: number): PerQuantity {
    const size = Math.ceil(this.layout.rows.length / 32);
    const state = { seen: available.slice(), any: new Uint32Array(size).fill(~0), noOrphan: new Uint32Array(size).fill(~0) };
    this.layout.rows.forEach((row, r) => {
      if (testable(row)) this.test(state, r, available, n);
    });
    return state;
  }

  private test(state: PerQuantity, r: number, available: Uint32Array, n: number): void {
    const [lo, hi] = this.layout.rows[r]!.span!;
    setBit(state.any, r, mayHoldBlock(available, lo, hi, n, false));
    setBit(state.noOrphan, r, mayHoldBlock(available, lo, hi, n, true));
  }
}

function testable(row: SeatLayout['rows'][number]): boolean {
  return row.aligned && row.span !== null && row.span[1] - row.span[0] < 32;
}

function setBit(bits: Uint32Array, i: number, on: boolean): void {
  const w = i >>> 5;
  const mask = 1 << (i & 31);
  bits[w] = on ? bits[w]! | mask : bits[w]! & ~mask;
}
