import { foldText } from '../../../domain/search-text.js';
import type { CatalogRecords } from '../catalog-source.js';
import type { CatalogColumns } from './catalog-columns.js';
import { append, savedArray, savedList, type SavedPart } from './saved-part.js';

/**
 * Text units: what lunr indexes. Events share most of their text (a tour's title and blurb,
 * a performer, a venue, a city), so lunr indexes each distinct text once and a unit maps to
 * the events that carry it. A 100,000-event catalog is ~15,000 units: the lunr index, its build
 * time and its saved size shrink accordingly, and units double as suggestion entries.
 */
export const UNIT_KIND = { title: 0, performer: 1, venue: 2, city: 3, description: 4 } as const;
export type UnitKind = (typeof UNIT_KIND)[keyof typeof UNIT_KIND];
/** How much a word found in each kind of unit weighs (title and performer names first). */
export const KIND_BOOST: readonly number[] = [3, 3, 1.5, 1.5, 1];

export class UnitTable {
  readonly kinds: UnitKind[] = [];
  /** The text indexed (and shown, for suggestions). */
  readonly texts: string[] = [];
  /** The performer's or venue's id; null for other kinds. */
  readonly refIds: (string | null)[] = [];
  /** Rows of unit u: rowFlat[rowStart[u] .. rowStart[u + 1]). */
  readonly rowStart: Int32Array;
  readonly rowFlat: Int32Array;
  /** Title and performer units by folded text: where an exact match of a whole query can be. */
  readonly #named = new Map<string, number[]>();

  /** Derived from the catalog (a build), or restored from a saved build's units (a load). */
  constructor(source: CatalogRecords | SavedPart, columns: CatalogColumns) {
    if ('arrays' in source) {
      append(this.kinds, savedArray(source, 'kinds', Uint8Array) as Iterable<number> as Iterable<UnitKind>);
      append(this.texts, savedList<string>(source, 'texts'));
      append(this.refIds, savedList<string | null>(source, 'refIds'));
      this.rowStart = savedArray(source, 'rowStart', Int32Array);
      this.rowFlat = savedArray(source, 'rowFlat', Int32Array);
      if (this.texts.length !== this.size || this.refIds.length !== this.size || this.rowStart.length !== this.size + 1) {
        throw new Error('saved search index: its units do not match');
      }
      this.#nameUnits();
      return;
    }
    const records = source;
    const code = new Map<string, number>();
    const rows: number[][] = [];
    const unit = (kind: UnitKind, id: string, text: string, refId: string | null): number => {
      const key = `${kind}|${id}`;
      let u = code.get(key);
      if (u === undefined) {
        u = this.kinds.length;
        code.set(key, u);
        this.kinds.push(kind);
        this.texts.push(text);
        this.refIds.push(refId);
        rows.push([]);
      }
      return u;
    };
    const venueNames = new Map(records.venues.map((v) => [v.id, v.name]));
    const performerNames = new Map(records.performers.map((p) => [p.id, p.name]));
    records.events.forEach((e, row) => {
      rows[unit(UNIT_KIND.title, e.title, e.title, null)]!.push(row);
      if (e.description !== '') rows[unit(UNIT_KIND.description, e.description, e.description, null)]!.push(row);
      const venueName = venueNames.get(e.venueId);
      if (venueName !== undefined) rows[unit(UNIT_KIND.venue, e.venueId, venueName, e.venueId)]!.push(row);
      const city = columns.cityOfRow(row);
      if (city >= 0) {
        const name = columns.cityNames[city]!;
        rows[unit(UNIT_KIND.city, String(city), name, null)]!.push(row);
      }
      for (const id of new Set(e.performerIds)) {
        const name = performerNames.get(id);
        if (name !== undefined) rows[unit(UNIT_KIND.performer, id, name, id)]!.push(row);
      }
    });
    this.rowStart = new Int32Array(rows.length + 1);
    let total = 0;
    rows.forEach((r, u) => {
      this.rowStart[u] = total;
      total += r.length;
    });
    this.rowStart[rows.length] = total;
    this.rowFlat = new Int32Array(total);
    rows.forEach((r, u) => this.rowFlat.set(r, this.rowStart[u]!));
    this.#nameUnits();
  }

  #nameUnits(): void {
    for (let u = 0; u < this.size; u++) {
      if (this.kinds[u] !== UNIT_KIND.title && this.kinds[u] !== UNIT_KIND.performer) continue;
      const key = foldText(this.texts[u]!);
      const same = this.#named.get(key);
      if (same) same.push(u);
      else this.#named.set(key, [u]);
    }
  }

  /** Rows whose title or a performer's name folds to `phrase` (candidates; each row once). */
  rowsNamed(phrase: string): Set<number> {
    const out = new Set<number>();
    for (const u of this.#named.get(phrase) ?? []) {
      for (let i = this.rowStart[u]!; i < this.rowStart[u + 1]!; i++) out.add(this.rowFlat[i]!);
    }
    return out;
  }

  get size(): number {
    return this.kinds.length;
  }

  /** What a saved build keeps of the units. */
  saved(): SavedPart {
    return { json: { texts: this.texts, refIds: this.refIds }, arrays: { kinds: Uint8Array.from(this.kinds), rowStart: this.rowStart, rowFlat: this.rowFlat } };
  }

  eventCount(u: number): number {
    return this.rowStart[u + 1]! - this.rowStart[u]!;
  }
}
