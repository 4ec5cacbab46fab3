import type { SeatMap, Section } from './types.js';

/** A seat or general-admission place as laid out by the venue, before it is priced for an event. */
export interface Place {
  readonly section: string;
  readonly row: string | null;
  readonly seat: number | null;
  readonly x: number;
  readonly y: number;
  readonly tier: string;
}

/** A seat map as its schema (`seatMapInput`) parses it: defaults applied, a section's rank still optional. */
export interface ParsedSeatMap {
  readonly sections: readonly (Omit<Section, 'rank'> & { readonly rank?: number | undefined })[];
}

/** Normalises a parsed seat-map input: defaults sections' rank to their order. */
export function normaliseSeatMap(input: ParsedSeatMap): SeatMap {
  return {
    sections: input.sections.map(
      (s, i): Section => ({
        id: s.id,
        name: s.name,
        tier: s.tier,
        rank: s.rank ?? i,
        x: s.x,
        y: s.y,
        rows: s.rows.map((r) => ({ label: r.label, seatCount: r.seatCount, startNumber: r.startNumber })),
        capacity: s.capacity,
      }),
    ),
  };
}

export function seatMapCapacity(map: SeatMap): number {
  let n = 0;
  for (const s of map.sections) n += s.capacity ?? s.rows.reduce((sum, r) => sum + r.seatCount, 0);
  return n;
}

export function seatMapTiers(map: SeatMap): string[] {
  return [...new Set(map.sections.map((s) => s.tier))];
}

/**
 * Every place of the venue in a stable order (section, row, seat). Seats sit one unit apart;
 * general-admission places are laid on a square grid inside their area.
 */
export function* placesOf(map: SeatMap): Generator<Place> {
  for (const s of map.sections) {
    if (s.capacity !== null) {
      const side = Math.max(1, Math.ceil(Math.sqrt(s.capacity)));
      for (let i = 0; i < s.capacity; i++) {
        yield { section: s.id, row: null, seat: null, x: s.x + (i % side), y: s.y + Math.floor(i / side), tier: s.tier };
      }
      continue;
    }
    for (let rowIndex = 0; rowIndex < s.rows.length; rowIndex++) {
      const r = s.rows[rowIndex]!;
      for (let k = 0; k < r.seatCount; k++) {
        yield { section: s.id, row: r.label, seat: r.startNumber + k, x: s.x + k, y: s.y + rowIndex, tier: s.tier };
      }
    }
  }
}

/** A stadium-shaped seat map with `sections × rows × seatsPerRow` seats, for demos and benchmarks. */
export function stadiumSeatMap(opts: { sections: number; rows: number; seatsPerRow: number; tiers?: readonly string[] }): SeatMap {
  const tiers = opts.tiers ?? ['premium', 'standard', 'value'];
  const sections: Section[] = [];
  const perRing = Math.max(1, Math.ceil(opts.sections / tiers.length));
  for (let i = 0; i < opts.sections; i++) {
    const ring = Math.min(tiers.length - 1, Math.floor(i / perRing));
    sections.push({
      id: `S${String(i + 1).padStart(3, '0')}`,
      name: `Section ${i + 1}`,
      tier: tiers[ring]!,
      rank: i,
      x: (i % 10) * (opts.seatsPerRow + 4),
      y: Math.floor(i / 10) * (opts.rows + 4),
      rows: Array.from({ length: opts.rows }, (_, r) => ({ label: rowLabel(r), seatCount: opts.seatsPerRow, startNumber: 1 })),
      capacity: null,
    });
  }
  return { sections };
}

/** Row labels A..Z, then AA, AB, ... */
export function rowLabel(index: number): string {
  let label = '';
  let n = index;
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}
