/**
 * Best-available seat selection: a pure function over an event's seats and their availability.
 *
 * A candidate is a block of N seats that are next to each other in one row (or N places of one
 * general-admission area). Blocks are ranked by: leaving no single orphan seat, section rank,
 * row (front first), and closeness to the row's centre. The caller races for the first
 * candidate and, on conflict, tries the next; `spread` shuffles the top few so that thousands
 * of buyers asking at once do not all fight for the same block.
 *
 * Speed: a hold on a 50,000-seat event used to build and sort every candidate block (~48,000)
 * from a fresh snapshot. Now the seats' static layout is built once (`buildSeatLayout`, which
 * callers cache) and availability comes as one bit per seat; rows are walked best-first, rows
 * that cannot hold a block are skipped by word tests, only the best `limit` blocks are kept,
 * and the walk stops at the first row whose least possible score is worse than the last one
 * kept. The result is the same list, in the same order, as the full sort gave (a property test
 * checks it against the original algorithm, kept in the tests).
 */
import { availabilityBits, countAvailable, forEachAvailable, isAvailableAt, mayHoldBlock, nextAvailable, nextUnavailable } from './availability-bits.js';
import type { RowBlockIndex } from './row-block-index.js';
import { buildSeatLayout, ORPHAN_PENALTY, type GeneralAdmissionArea, type LayoutRow, type SeatLayout } from './seat-layout.js';

export { availabilityBits, countAvailable, forEachAvailable, isAvailableAt, mayHoldBlock, nextAvailable, nextUnavailable } from './availability-bits.js';
export { RowBlockIndex, type RowBits } from './row-block-index.js';
export { buildSeatLayout, type LayoutSeat, type SeatLayout } from './seat-layout.js';

export interface SnapshotSeat {
  readonly id: string;
  readonly section: string;
  /** Null for general admission. */
  readonly row: string | null;
  readonly seat: number | null;
  readonly price: number;
  readonly available: boolean;
}

export interface SectionOrder {
  /** Lower is better. */
  readonly rank: number;
  /** Row labels front to back. */
  readonly rows: readonly string[];
}

export interface BestAvailableRequest {
  readonly quantity: number;
  readonly section?: string | undefined;
  readonly maxPrice?: number | undefined;
  /** When false, the best individual seats are also acceptable if no block fits. */
  readonly adjacent?: boolean | undefined;
}

export interface BestAvailableOptions {
  /** How many candidates to return at most. */
  readonly limit?: number;
  /** Shuffle up to `spread` of the best, equally good candidates (same section, row, orphan rule). */
  readonly spread?: number;
  /** How far (in seats from the row's centre) a block may be from the best and still count as equal (default 6). */
  readonly spreadTolerance?: number;
  /** A number in [0, 1) supplied by the caller (the domain reads no randomness itself). */
  readonly random?: () => number;
}

export interface Candidate {
  readonly ticketIds: readonly string[];
  readonly section: string;
  readonly row: string | null;
  /** Lower is better; candidates are returned in this order (before spreading). */
  readonly score: number;
  readonly leavesOrphan: boolean;
}

/** Best-available over a snapshot (builds the layout each call: cache it with `bestAvailableIn`). */
export function bestAvailable(
  snapshot: readonly SnapshotSeat[],
  sections: ReadonlyMap<string, SectionOrder>,
  request: BestAvailableRequest,
  options: BestAvailableOptions = {},
): Candidate[] {
  return bestAvailableIn({ layout: buildSeatLayout(snapshot, sections), available: availabilityBits(snapshot.map((s) => s.available)) }, request, options);
}

/** An event's seats as of one availability read. */
export interface SeatsNow {
  readonly layout: SeatLayout;
  /** Availability bits by layout index (see `availabilityBits`). */
  readonly available: Uint32Array;
  /** Kept across reads of the same layout, it lets the walk jump over rows without a block. */
  readonly index?: RowBlockIndex | undefined;
}

/** Best-available over a prepared layout and an availability read. */
export function bestAvailableIn(seats: SeatsNow, request: BestAvailableRequest, options: BestAvailableOptions = {}): Candidate[] {
  const limit = options.limit ?? 16;
  if (limit <= 0) return [];
  const { layout, available } = seats;
  const { quantity: n, section, maxPrice } = request;
  const prices = layout.prices;
  const eligible = maxPrice === undefined ? (i: number) => isAvailableAt(available, i) : (i: number) => isAvailableAt(available, i) && prices[i]! <= maxPrice;
  const rowBits = seats.index?.rowsFor(available, n);
  const rows = layout.rows;
  const kept = new BestBlocks(limit);
  /** One pass over the rows best first, offering only blocks that leave no orphan, or only those that do. */
  const walk = (orphans: boolean): void => {
    const mayHold = rowBits && (orphans ? rowBits.any : rowBits.noOrphan);
    for (let r = 0; r < rows.length; r++) {
      // Without a price ceiling a row's bit is the whole test: jump to the next row set.
      if (mayHold && maxPrice === undefined && (r = nextAvailable(mayHold, r, rows.length - 1)) >= rows.length) break;
      const row = rows[r]!;
      // Rows come best first: once one cannot beat the worst block kept, no later one can.
      if (kept.full && (orphans ? ORPHAN_PENALTY + row.rankTerm + row.rowTerm : row.base) > kept.worstScore) break;
      if (section !== undefined && row.section !== section) continue;
      if (maxPrice !== undefined && row.minPrice > maxPrice) continue;
      if (row.seats.length < n || (row.span && countAvailable(available, row.span[0], row.span[1]) < n)) continue;
      // Every seat within the price ceiling: runs of available seats are runs of set bits.
      if (row.aligned && (maxPrice === undefined || row.maxPrice <= maxPrice)) {
        // Late in a sale most rows keep scattered seats and no (orphan-free) block: skip them whole.
        const may = mayHold ? isAvailableAt(mayHold, r) : mayHoldBlock(available, row.span![0], row.span![1], n, !orphans);
        if (may) scanAlignedRow(row, n, available, orphans, kept);
      } else {
        scanRow(row, n, eligible, orphans, kept);
      }
    }
  };
  // First the blocks that leave no orphan (and general admission, which never does). Blocks
  // that leave one score above every one of those (the penalty outweighs the rest), so they
  // are looked for only when fewer than `limit` were found; the same ordering then places them.
  walk(false);
  scanAreas(layout.areas, n, limit, section, available, eligible, kept);
  if (!(kept.full && kept.worstScore < ORPHAN_PENALTY)) walk(true);

  const top = kept.blocks.map((b) => toCandidate(layout, b, n));
  if (top.length === 0 && request.adjacent === false) {
    const loose = looseSeats(layout, n, section, available, eligible);
    if (loose) top.push(loose);
  }
  spreadEquals(top, options);
  return top;
}

/** A kept block: a run of `n` seats of a row (`row`) or of an area's available places (`area`). */
interface Block {
  readonly score: number;
  /** Then, as the original stable sort did: rows in snapshot order, then areas, then position. */
  readonly group: number;
  readonly start: number;
  readonly leavesOrphan: boolean;
  readonly row?: LayoutRow;
  readonly area?: { readonly section: string; readonly places: readonly number[] };
}

/** The best `limit` blocks seen so far, in order (limit is small: a sorted array beats a heap). */
class BestBlocks {
  readonly blocks: Block[] = [];
  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.blocks.length >= this.limit;
  }

  get worstScore(): number {
    return this.blocks[this.blocks.length - 1]!.score;
  }

  /** Whether a block with this score could enter (cheap test before building it). */
  admits(score: number): boolean {
    return !this.full || score <= this.worstScore;
  }

  offer(block: Block): void {
    const blocks = this.blocks;
    let at = blocks.length;
    while (at > 0 && before(block, blocks[at - 1]!)) at--;
    if (at >= this.limit) return;
    blocks.splice(at, 0, block);
    if (blocks.length > this.limit) blocks.pop();
  }
}

function before(a: Block, b: Block): boolean {
  if (a.score !== b.score) return a.score < b.score;
  if (a.group !== b.group) return a.group < b.group;
  return a.start < b.start;
}

/** Offers every block of `n` seats in the row's maximal runs of consecutive eligible seats. */
function scanRow(row: LayoutRow, n: number, eligible: (i: number) => boolean, orphans: boolean, kept: BestBlocks): void {
  const { seats, numbers } = row;
  let i = 0;
  while (i < seats.length) {
    if (!eligible(seats[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < seats.length && numbers[j + 1] === numbers[j]! + 1 && eligible(seats[j + 1]!)) j++;
    offerRun(row, n, i, j, orphans, kept);
    i = j + 1;
  }
}

/** `scanRow` for an aligned row: each run is found with two word scans, not a look per seat. */
function scanAlignedRow(row: LayoutRow, n: number, available: Uint32Array, orphans: boolean, kept: BestBlocks): void {
  const [lo, hi] = row.span!;
  let p = nextAvailable(available, lo, hi);
  while (p <= hi) {
    const end = nextUnavailable(available, p, hi) - 1;
    if (end - p + 1 >= n) offerRun(row, n, p - lo, end - lo, orphans, kept);
    p = nextAvailable(available, end + 1, hi);
  }
}

/** Offers the blocks of `n` seats in the run of the row's seats `i` to `j` that leave an orphan (`orphans`) or that do not. */
function offerRun(row: LayoutRow, n: number, i: number, j: number, orphans: boolean, kept: BestBlocks): void {
  const numbers = row.numbers;
  const runLength = j - i + 1;
  for (let start = i; start + n - 1 <= j; start++) {
    const left = start - i;
    const right = runLength - left - n;
    const leavesOrphan = left === 1 || right === 1;
    if (leavesOrphan !== orphans) continue;
    const blockCentre = (numbers[start]! + numbers[start + n - 1]!) / 2;
    // Summed in the original order so equal blocks still tie exactly.
    const score = (leavesOrphan ? ORPHAN_PENALTY : 0) + row.rankTerm + row.rowTerm + Math.abs(blockCentre - row.centre);
    if (kept.admits(score)) kept.offer({ score, group: row.appearance, start, leavesOrphan, row });
  }
}

/** General admission: several disjoint blocks per area, so concurrent buyers can each take one. */
function scanAreas(
  areas: readonly GeneralAdmissionArea[],
  n: number,
  limit: number,
  section: string | undefined,
  available: Uint32Array,
  eligible: (i: number) => boolean,
  kept: BestBlocks,
): void {
  for (const area of areas) {
    if (section !== undefined && area.section !== section) continue;
    if (area.span && countAvailable(available, area.span[0], area.span[1]) < n) continue;
    // Only the first `limit` blocks of an area can be offered: collect just those places.
    const places: number[] = [];
    for (let k = 0; k < area.seats.length && places.length < limit * n; k++) {
      if (eligible(area.seats[k]!)) places.push(area.seats[k]!);
    }
    if (places.length < n) continue;
    // Areas followed every row, ordered by their first available place.
    const group = 2 ** 40 + places[0]!;
    for (let start = 0; start + n <= places.length && start / n < limit; start += n) {
      const score = area.rankTerm + start / n;
      if (kept.admits(score)) kept.offer({ score, group, start, leavesOrphan: false, area: { section: area.section, places } });
    }
  }
}

function toCandidate(layout: SeatLayout, block: Block, n: number): Candidate {
  const indexes = block.row ? Array.from(block.row.seats.subarray(block.start, block.start + n)) : block.area!.places.slice(block.start, block.start + n);
  return {
    ticketIds: indexes.map((i) => layout.seats[i]!.id),
    section: block.row?.section ?? block.area!.section,
    row: block.row?.row ?? null,
    score: block.score,
    leavesOrphan: block.leavesOrphan,
  };
}

/** When no block fits and adjacency is not required: the best `n` seats one by one. */
function looseSeats(
  layout: SeatLayout,
  n: number,
  section: string | undefined,
  available: Uint32Array,
  eligible: (i: number) => boolean,
): Candidate | null {
  const picked: number[] = [];
  // In position order, as the original filtered the snapshot.
  forEachAvailable(available, (i) => {
    if (i < layout.seats.length && (section === undefined || layout.seats[i]!.section === section) && eligible(i)) picked.push(i);
  });
  // A stable sort: equal seats keep their snapshot order.
  picked.sort((a, b) => layout.looseScores[a]! - layout.looseScores[b]!);
  if (picked.length < n) return null;
  const chosen = picked.slice(0, n);
  return {
    ticketIds: chosen.map((i) => layout.seats[i]!.id),
    section: layout.seats[chosen[0]!]!.section,
    row: null,
    score: layout.looseScores[chosen[n - 1]!]!,
    leavesOrphan: false,
  };
}

/**
 * Spread only among equals: blocks of the best one's section and row, leaving no orphan,
 * within `spreadTolerance` seats of the best block's distance from the centre.
 */
function spreadEquals(top: Candidate[], options: BestAvailableOptions): void {
  const head = top[0];
  let equals = 0;
  const tolerance = options.spreadTolerance ?? 6;
  while (
    equals < top.length &&
    head &&
    top[equals]!.section === head.section &&
    top[equals]!.row === head.row &&
    top[equals]!.leavesOrphan === head.leavesOrphan &&
    top[equals]!.score - head.score <= tolerance
  ) {
    equals++;
  }
  const spread = Math.min(options.spread ?? 1, equals);
  if (spread > 1 && options.random) {
    // Fisher-Yates over the first `spread` candidates.
    for (let k = spread - 1; k > 0; k--) {
      const r = Math.floor(options.random() * (k + 1));
      [top[k], top[r]] = [top[r]!, top[k]!];
    }
  }
}
