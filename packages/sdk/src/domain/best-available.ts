/**
 * Best-available seat selection: a pure function over an availability snapshot.
 *
 * A candidate is a block of N seats that are next to each other in one row (or N places of one
 * general-admission area). Blocks are ranked by: leaving no single orphan seat, section rank,
 * row (front first), and closeness to the row's centre. The caller races for the first
 * candidate and, on conflict, tries the next; `spread` shuffles the top few so that thousands
 * of buyers asking at once do not all fight for the same block.
 */

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

const ORPHAN_PENALTY = 1e12;
const SECTION_WEIGHT = 1e6;
const ROW_WEIGHT = 1e3;

export function bestAvailable(
  snapshot: readonly SnapshotSeat[],
  sections: ReadonlyMap<string, SectionOrder>,
  request: BestAvailableRequest,
  options: BestAvailableOptions = {},
): Candidate[] {
  const limit = options.limit ?? 16;
  const n = request.quantity;
  const eligible = (s: SnapshotSeat) =>
    (request.section === undefined || s.section === request.section) &&
    (request.maxPrice === undefined || s.price <= request.maxPrice);

  // Group the seats of eligible sections by row (all seats: unavailable ones bound the runs).
  const byRow = new Map<string, SnapshotSeat[]>();
  const gaAvailable = new Map<string, SnapshotSeat[]>();
  for (const s of snapshot) {
    if (request.section !== undefined && s.section !== request.section) continue;
    if (s.row === null) {
      if (s.available && eligible(s)) push(gaAvailable, s.section, s);
      continue;
    }
    push(byRow, `${s.section}\u0000${s.row}`, s);
  }

  const candidates: Candidate[] = [];
  for (const seats of byRow.values()) {
    const first = seats[0]!;
    const order = sections.get(first.section);
    const sectionRank = order?.rank ?? 0;
    const rowIndex = Math.max(0, order?.rows.indexOf(first.row!) ?? 0);
    seats.sort((a, b) => a.seat! - b.seat!);
    const centre = (seats[0]!.seat! + seats[seats.length - 1]!.seat!) / 2;
    // Walk maximal runs of consecutive available, eligible seats.
    let i = 0;
    while (i < seats.length) {
      if (!(seats[i]!.available && eligible(seats[i]!))) {
        i++;
        continue;
      }
      let j = i;
      while (j + 1 < seats.length && seats[j + 1]!.available && eligible(seats[j + 1]!) && seats[j + 1]!.seat === seats[j]!.seat! + 1) j++;
      const runLength = j - i + 1;
      for (let start = i; start + n - 1 <= j; start++) {
        const left = start - i;
        const right = runLength - left - n;
        const leavesOrphan = left === 1 || right === 1;
        const blockCentre = (seats[start]!.seat! + seats[start + n - 1]!.seat!) / 2;
        const score =
          (leavesOrphan ? ORPHAN_PENALTY : 0) + sectionRank * SECTION_WEIGHT + rowIndex * ROW_WEIGHT + Math.abs(blockCentre - centre);
        candidates.push({
          ticketIds: seats.slice(start, start + n).map((s) => s.id),
          section: first.section,
          row: first.row,
          score,
          leavesOrphan,
        });
      }
      i = j + 1;
    }
  }

  for (const [section, seats] of gaAvailable) {
    const rank = sections.get(section)?.rank ?? 0;
    // Several disjoint blocks per area, so concurrent buyers can each take one.
    for (let start = 0; start + n <= seats.length && start / n < limit; start += n) {
      candidates.push({
        ticketIds: seats.slice(start, start + n).map((s) => s.id),
        section,
        row: null,
        score: rank * SECTION_WEIGHT + start / n,
        leavesOrphan: false,
      });
    }
  }

  candidates.sort((a, b) => a.score - b.score);

  if (candidates.length === 0 && request.adjacent === false) {
    const loose = snapshot
      .filter((s) => s.available && eligible(s))
      .map((s) => ({ s, score: (sections.get(s.section)?.rank ?? 0) * SECTION_WEIGHT + rowPosition(s, sections) * ROW_WEIGHT }))
      .sort((a, b) => a.score - b.score)
      .slice(0, n);
    if (loose.length === n) {
      candidates.push({
        ticketIds: loose.map((l) => l.s.id),
        section: loose[0]!.s.section,
        row: null,
        score: loose[n - 1]!.score,
        leavesOrphan: false,
      });
    }
  }

  const top = candidates.slice(0, limit);
  // Spread only among equals: blocks of the best one's section and row, leaving no orphan,
  // within `spreadTolerance` seats of the best block's distance from the centre.
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
  return top;
}

function rowPosition(s: SnapshotSeat, sections: ReadonlyMap<string, SectionOrder>): number {
  if (s.row === null) return 0;
  return Math.max(0, sections.get(s.section)?.rows.indexOf(s.row) ?? 0);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
