/**
 * The original best-available algorithm, kept verbatim as the oracle the fast one is checked
 * against (property test) and as the in-run baseline of `pnpm bench best`. It groups a full
 * snapshot by row, builds and sorts every candidate block on every call. Not used by the SDK.
 */
import type { BestAvailableOptions, BestAvailableRequest, Candidate, SectionOrder, SnapshotSeat } from '../../src/domain/best-available.js';

const ORPHAN_PENALTY = 1e12;
const SECTION_WEIGHT = 1e6;
const ROW_WEIGHT = 1e3;

export function referenceBestAvailable(
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
