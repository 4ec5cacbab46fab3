/**
 * The static half of best-available: an event's seats grouped into rows, each row's seats in
 * seat-number order, and the rows in rank order (section rank, then row from the front). None
 * of it depends on availability, so it is built once per event layout and reused by every
 * hold; a search then walks rows best-first and stops as soon as no later row can compete
 * (see `bestAvailableIn`).
 */
import type { SectionOrder, SnapshotSeat } from './best-available.js';

/** What a seat is, apart from whether it is available. */
export type LayoutSeat = Omit<SnapshotSeat, 'available'>;

export const ORPHAN_PENALTY = 1e12;
export const SECTION_WEIGHT = 1e6;
export const ROW_WEIGHT = 1e3;

export interface LayoutRow {
  readonly section: string;
  readonly row: string;
  /** `rank * SECTION_WEIGHT`, kept apart so scores are summed exactly as they always were. */
  readonly rankTerm: number;
  /** `row index * ROW_WEIGHT`. */
  readonly rowTerm: number;
  /** The least score any block of this row can have: rows are walked in this order. */
  readonly base: number;
  /** Order of the row's first seat in the snapshot: breaks ties between equal scores. */
  readonly appearance: number;
  /** Snapshot indexes of the row's seats, by seat number. */
  readonly seats: Int32Array;
  /** Their seat numbers. */
  readonly numbers: Float64Array;
  readonly centre: number;
  /** The cheapest seat of the row: a row above a price ceiling is skipped whole. */
  readonly minPrice: number;
  /**
   * When the row's seats hold every position from `span[0]` to `span[1]` (as the stores lay
   * out a seat map), its free seats are counted a word at a time: a row that cannot hold the
   * block is skipped without looking at its seats. Null otherwise.
   */
  readonly span: readonly [number, number] | null;
  /**
   * The row's k-th seat (by number) is position `span[0] + k` and the numbers run without a
   * gap: runs of available seats are then runs of set bits, found a word at a time.
   */
  readonly aligned: boolean;
  readonly maxPrice: number;
}

/** A general-admission area: its places in snapshot order. */
export interface GeneralAdmissionArea {
  readonly section: string;
  readonly rankTerm: number;
  readonly seats: Int32Array;
  /** As for rows. */
  readonly span: readonly [number, number] | null;
}

export interface SeatLayout {
  /** The seats in snapshot order; availability is read by these indexes. */
  readonly seats: readonly LayoutSeat[];
  readonly prices: Float64Array;
  /** Seated rows, best first (by `base`, then `appearance`). */
  readonly rows: readonly LayoutRow[];
  readonly areas: readonly GeneralAdmissionArea[];
  /** Per seat: the score of taking it alone (section and row only), for the non-adjacent fallback. */
  readonly looseScores: Float64Array;
}

export function buildSeatLayout(seats: readonly LayoutSeat[], sections: ReadonlyMap<string, SectionOrder>): SeatLayout {
  const rowSeats = new Map<string, number[]>();
  const areaSeats = new Map<string, number[]>();
  const prices = new Float64Array(seats.length);
  const looseScores = new Float64Array(seats.length);
  seats.forEach((s, i) => {
    prices[i] = s.price;
    const order = sections.get(s.section);
    looseScores[i] = (order?.rank ?? 0) * SECTION_WEIGHT + (s.row === null ? 0 : Math.max(0, order?.rows.indexOf(s.row) ?? 0)) * ROW_WEIGHT;
    if (s.row === null) push(areaSeats, s.section, i);
    else push(rowSeats, `${s.section}\u0000${s.row}`, i);
  });

  const rows: LayoutRow[] = [];
  let appearance = 0;
  for (const indexes of rowSeats.values()) {
    const first = seats[indexes[0]!]!;
    const order = sections.get(first.section);
    const rankTerm = (order?.rank ?? 0) * SECTION_WEIGHT;
    const rowTerm = Math.max(0, order?.rows.indexOf(first.row!) ?? 0) * ROW_WEIGHT;
    // A stable sort, as before, so seats with equal numbers keep their snapshot order.
    indexes.sort((a, b) => seats[a]!.seat! - seats[b]!.seat!);
    const numbers = Float64Array.from(indexes, (i) => seats[i]!.seat!);
    rows.push({
      section: first.section,
      row: first.row!,
      rankTerm,
      rowTerm,
      base: rankTerm + rowTerm,
      appearance: appearance++,
      seats: Int32Array.from(indexes),
      numbers,
      centre: (numbers[0]! + numbers[numbers.length - 1]!) / 2,
      minPrice: indexes.reduce((min, i) => Math.min(min, prices[i]!), Infinity),
      span: spanOf(indexes),
      aligned: indexes.every((p, k) => p === indexes[0]! + k && (k === 0 || numbers[k] === numbers[k - 1]! + 1)),
      maxPrice: indexes.reduce((max, i) => Math.max(max, prices[i]!), -Infinity),
    });
  }
  rows.sort((a, b) => a.base - b.base || a.appearance - b.appearance);

  const areas = [...areaSeats].map(([section, indexes]) => ({
    section,
    rankTerm: (sections.get(section)?.rank ?? 0) * SECTION_WEIGHT,
    seats: Int32Array.from(indexes),
    span: spanOf(indexes),
  }));
  return { seats, prices, rows, areas, looseScores };
}

/** The positions' range when they fill it exactly (positions are distinct), else null. */
function spanOf(positions: readonly number[]): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of positions) {
    lo = Math.min(lo, p);
    hi = Math.max(hi, p);
  }
  return hi - lo + 1 === positions.length ? [lo, hi] : null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
