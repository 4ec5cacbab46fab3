import { foldText, monthKey } from '../../../domain/search-text.js';
import { EVENT_TYPES } from '../../../domain/types.js';
import type { AvailabilitySummary } from '../../../ports/store.js';
import type { CatalogRecords } from '../catalog-source.js';
import { EventRows } from './event-rows.js';
import { append, savedArray, savedList, type SavedPart } from './saved-part.js';

/** A saved build's columns (`CatalogColumns.saved`) and its events, to restore without deriving. */
export interface SavedColumns {
  readonly saved: SavedPart;
  readonly events: EventRows;
}

/**
 * The catalog as typed-array columns, one row per event: what filters, sorts and facets run
 * on (never lunr). Built once per index build; the availability columns are updated in place
 * as ticket changes arrive (each update is one synchronous write, so a query sees either the
 * old or the new value of an event, never half of it).
 */
export class CatalogColumns {
  readonly size: number;
  readonly events: EventRows;
  readonly rowOf = new Map<string, number>();
  readonly startMs: Float64Array;
  readonly endMs: Float64Array;
  readonly popularity: Float64Array;
  readonly type: Uint8Array;
  readonly venue: Int32Array;
  readonly month: Int32Array;
  /** Performer codes of row r: performerFlat[performerStart[r] .. performerStart[r + 1]). */
  readonly performerStart: Int32Array;
  readonly performerFlat: Int32Array;
  /** Folded title of each row, for exact matches. */
  readonly titleKey: string[];

  readonly venueIds: string[] = [];
  readonly venueCode = new Map<string, number>();
  readonly venueCity: number[] = [];
  readonly venueLat: number[] = [];
  readonly venueLon: number[] = [];
  readonly cityNames: string[] = [];
  /** The folded name of each city (what `cityCode` is keyed by). */
  readonly cityKeys: string[] = [];
  readonly cityCode = new Map<string, number>();
  readonly performerIds: string[] = [];
  readonly performerKeys: string[] = [];
  readonly performerCode = new Map<string, number>();
  readonly months: string[] = [];

  /** Rows by start date (then id), and by popularity (descending, then date). */
  readonly byStart: Int32Array;
  readonly byPopularity: Int32Array;

  /** Each row's position in id order (ties broken by id, as PostgreSQL's `id COLLATE "C"`). */
  readonly idRank: Int32Array;

  /** Tickets available now, and the cheapest (NaN: none available). */
  readonly available: Int32Array;
  readonly minPrice: Float64Array;

  /** Derived from the catalog (a build), or restored from a saved build's columns (a load). */
  constructor(source: CatalogRecords | SavedColumns) {
    if ('saved' in source) {
      const { saved, events } = source;
      const f64 = (name: string) => savedArray(saved, name, Float64Array);
      const i32 = (name: string) => savedArray(saved, name, Int32Array);
      this.size = events.size;
      this.events = events;
      events.ids.forEach((id, row) => this.rowOf.set(id, row));
      this.startMs = f64('startMs');
      this.endMs = f64('endMs');
      this.popularity = f64('popularity');
      this.type = savedArray(saved, 'type', Uint8Array);
      this.venue = i32('venue');
      this.month = i32('month');
      this.performerStart = i32('performerStart');
      this.performerFlat = i32('performerFlat');
      const titles = savedList<string>(saved, 'titles');
      this.titleKey = Array.from(i32('titleCode'), (code) => titles[code]!);
      append(this.venueIds, savedList<string>(saved, 'venueIds'));
      this.venueIds.forEach((id, code) => this.venueCode.set(id, code));
      append(this.venueCity, savedList<number>(saved, 'venueCity'));
      append(this.venueLat, savedList<number>(saved, 'venueLat'));
      append(this.venueLon, savedList<number>(saved, 'venueLon'));
      append(this.cityNames, savedList<string>(saved, 'cityNames'));
      append(this.cityKeys, savedList<string>(saved, 'cityKeys'));
      this.cityKeys.forEach((key, code) => this.cityCode.set(key, code));
      append(this.performerIds, savedList<string>(saved, 'performerIds'));
      this.performerIds.forEach((id, code) => this.performerCode.set(id, code));
      append(this.performerKeys, savedList<string>(saved, 'performerKeys'));
      append(this.months, savedList<string>(saved, 'months'));
      this.byStart = i32('byStart');
      this.byPopularity = i32('byPopularity');
      this.idRank = i32('idRank');
      this.available = i32('available');
      this.minPrice = f64('minPrice');
      for (const a of [this.startMs, this.endMs, this.popularity, this.type, this.venue, this.month, this.titleKey, this.byStart, this.byPopularity, this.idRank, this.available, this.minPrice]) {
        if (a.length !== this.size) throw new Error('saved search index: a column does not match its events');
      }
      return;
    }
    const n = source.events.length;
    this.size = n;
    this.events = EventRows.of(source.events);
    for (const v of source.venues) {
      const cityKey = foldText(v.city);
      let city = this.cityCode.get(cityKey);
      if (city === undefined) {
        city = this.cityNames.push(v.city) - 1;
        this.cityKeys.push(cityKey);
        this.cityCode.set(cityKey, city);
      }
      this.venueCode.set(v.id, this.venueIds.push(v.id) - 1);
      this.venueCity.push(city);
      this.venueLat.push(v.lat);
      this.venueLon.push(v.lon);
    }
    for (const p of source.performers) {
      this.performerCode.set(p.id, this.performerIds.push(p.id) - 1);
      this.performerKeys.push(foldText(p.name));
    }
    this.startMs = new Float64Array(n);
    this.endMs = new Float64Array(n);
    this.popularity = new Float64Array(n);
    this.type = new Uint8Array(n);
    this.venue = new Int32Array(n);
    this.month = new Int32Array(n);
    this.performerStart = new Int32Array(n + 1);
    this.titleKey = new Array<string>(n);
    this.available = new Int32Array(n);
    this.minPrice = new Float64Array(n).fill(Number.NaN);
    const monthCode = new Map<number, number>();
    const folded = new Map<string, string>();
    const flat: number[] = [];
    for (let r = 0; r < n; r++) {
      const e = source.events[r]!;
      this.rowOf.set(e.id, r);
      this.startMs[r] = Date.parse(e.startsAt);
      this.endMs[r] = Date.parse(e.endsAt);
      this.popularity[r] = e.popularity;
      this.type[r] = Math.max(0, EVENT_TYPES.indexOf(e.type));
      this.venue[r] = this.venueCode.get(e.venueId) ?? -1;
      const day = Math.floor(this.startMs[r]! / 86_400_000);
      let code = monthCode.get(day);
      if (code === undefined) {
        const m = monthKey(this.startMs[r]!);
        code = this.months.indexOf(m);
        if (code < 0) code = this.months.push(m) - 1;
        monthCode.set(day, code);
      }
      this.month[r] = code;
      this.performerStart[r] = flat.length;
      for (const id of e.performerIds) {
        const p = this.performerCode.get(id);
        if (p !== undefined) flat.push(p);
      }
      let key = folded.get(e.title);
      if (key === undefined) folded.set(e.title, (key = foldText(e.title)));
      this.titleKey[r] = key;
    }
    this.performerStart[n] = flat.length;
    this.performerFlat = Int32Array.from(flat);
    // Rank by id once, so the sorts compare numbers only.
    const idRank = new Int32Array(n);
    Int32Array.from({ length: n }, (_, i) => i)
      .sort((a, b) => (source.events[a]!.id < source.events[b]!.id ? -1 : 1))
      .forEach((row, rank) => (idRank[row] = rank));
    const start = this.startMs;
    const pop = this.popularity;
    this.byStart = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => start[a]! - start[b]! || idRank[a]! - idRank[b]!);
    this.byPopularity = Int32Array.from(this.byStart).sort((a, b) => pop[b]! - pop[a]! || start[a]! - start[b]! || idRank[a]! - idRank[b]!);
    this.idRank = idRank;
  }

  /** What a saved build keeps of the columns (the events are saved by their own rows). */
  saved(): SavedPart {
    const titles: string[] = [];
    const codeOf = new Map<string, number>();
    const titleCode = Int32Array.from(this.titleKey, (key) => {
      let code = codeOf.get(key);
      if (code === undefined) codeOf.set(key, (code = titles.push(key) - 1));
      return code;
    });
    return {
      json: {
        titles,
        venueIds: this.venueIds,
        venueCity: this.venueCity,
        venueLat: this.venueLat,
        venueLon: this.venueLon,
        cityNames: this.cityNames,
        cityKeys: this.cityKeys,
        performerIds: this.performerIds,
        performerKeys: this.performerKeys,
        months: this.months,
      },
      arrays: {
        startMs: this.startMs,
        endMs: this.endMs,
        popularity: this.popularity,
        type: this.type,
        venue: this.venue,
        month: this.month,
        performerStart: this.performerStart,
        performerFlat: this.performerFlat,
        titleCode,
        byStart: this.byStart,
        byPopularity: this.byPopularity,
        idRank: this.idRank,
        available: this.available,
        minPrice: this.minPrice,
      },
    };
  }

  #scratch: Float64Array | undefined;
  #popularityBoost: Float64Array | undefined;
  #venueRows: Int32Array[] | undefined;
  #performerRows: Int32Array[] | undefined;

  /** The longest event (ms): a date window can start its scan this much before `start`. */
  get maxDurationMs(): number {
    let max = 0;
    for (let r = 0; r < this.size; r++) max = Math.max(max, this.endMs[r]! - this.startMs[r]!);
    Object.defineProperty(this, 'maxDurationMs', { value: max });
    return max;
  }

  /** Rows of a venue, of every venue of a city, or of a performer (built on first use). */
  rowsOfVenue(venue: number): Int32Array {
    this.#venueRows ??= group(this.size, this.venueIds.length, (r, add) => {
      if (this.venue[r]! >= 0) add(this.venue[r]!);
    });
    return this.#venueRows[venue] ?? new Int32Array(0);
  }

  rowsOfCity(city: number): Int32Array {
    const parts: Int32Array[] = [];
    for (let v = 0; v < this.venueIds.length; v++) if (this.venueCity[v] === city) parts.push(this.rowsOfVenue(v));
    const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  rowsOfPerformer(performer: number): Int32Array {
    this.#performerRows ??= group(this.size, this.performerIds.length, (r, add) => {
      for (let i = this.performerStart[r]!; i < this.performerStart[r + 1]!; i++) add(this.performerFlat[i]!);
    });
    return this.#performerRows[performer] ?? new Int32Array(0);
  }

  /** A per-row number array for one synchronous query (reused; values are stale until written). */
  /** Per row, the relevance multiplier of popularity: 1 + 0.15 log10(1 + popularity). */
  get popularityBoost(): Float64Array {
    if (this.#popularityBoost === undefined) {
      this.#popularityBoost = new Float64Array(this.size);
      for (let r = 0; r < this.size; r++) this.#popularityBoost[r] = 1 + 0.15 * Math.log10(1 + this.popularity[r]!);
    }
    return this.#popularityBoost;
  }

  scratch(): Float64Array {
    return (this.#scratch ??= new Float64Array(this.size));
  }

  cityOfRow(row: number): number {
    const v = this.venue[row]!;
    return v < 0 ? -1 : this.venueCity[v]!;
  }

  hasPerformer(row: number, performer: number): boolean {
    for (let i = this.performerStart[row]!; i < this.performerStart[row + 1]!; i++) if (this.performerFlat[i] === performer) return true;
    return false;
  }

  /** True when the folded phrase is this row's whole title or one of its performers' names. */
  isExact(row: number, phrase: string): boolean {
    if (this.titleKey[row] === phrase) return true;
    for (let i = this.performerStart[row]!; i < this.performerStart[row + 1]!; i++) {
      if (this.performerKeys[this.performerFlat[i]!] === phrase) return true;
    }
    return false;
  }

  applyAvailability(summaries: readonly AvailabilitySummary[]): void {
    for (const s of summaries) {
      const row = this.rowOf.get(s.eventId);
      if (row === undefined) continue;
      this.available[row] = s.available;
      this.minPrice[row] = s.minPrice ?? Number.NaN;
    }
  }
}

/** Buckets rows by the keys `keysOf` adds for each row. */
function group(rows: number, keys: number, keysOf: (row: number, add: (key: number) => void) => void): Int32Array[] {
  const lists: number[][] = Array.from({ length: keys }, () => []);
  for (let r = 0; r < rows; r++) keysOf(r, (k) => lists[k]!.push(r));
  return lists.map((l) => Int32Array.from(l));
}
