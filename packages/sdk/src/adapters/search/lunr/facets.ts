import { PRICE_BANDS, SOLD_OUT_BAND } from '../../../domain/search-text.js';
import { EVENT_TYPES } from '../../../domain/types.js';
import type { FacetCount, FacetName, SearchFacets } from '../../../ports/search.js';
import type { CatalogColumns } from './catalog-columns.js';

const BAND_KEYS = [...PRICE_BANDS.map((b) => b.key), SOLD_OUT_BAND];

/** Facet counters over the rows a query matches; `add` per row, `result` once. */
export class FacetCounter {
  readonly #type = new Int32Array(EVENT_TYPES.length);
  readonly #city: Int32Array;
  readonly #month: Int32Array;
  readonly #band = new Int32Array(BAND_KEYS.length);

  constructor(
    private readonly c: CatalogColumns,
    private readonly wanted: readonly FacetName[],
  ) {
    this.#city = new Int32Array(c.cityNames.length);
    this.#month = new Int32Array(c.months.length);
  }

  add(row: number): void {
    const c = this.c;
    this.#type[c.type[row]!]!++;
    const city = c.cityOfRow(row);
    if (city >= 0) this.#city[city]!++;
    this.#month[c.month[row]!]!++;
    const price = c.minPrice[row]!;
    let band = BAND_KEYS.length - 1;
    if (!Number.isNaN(price)) {
      band = PRICE_BANDS.findIndex((b) => price < b.below);
      if (band < 0) band = PRICE_BANDS.length - 1;
    }
    this.#band[band]!++;
  }

  result(): SearchFacets {
    const byCount = (a: FacetCount, b: FacetCount) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
    const counts = (values: readonly string[], counts: Int32Array): FacetCount[] =>
      values.map((value, i) => ({ value, count: counts[i]! })).filter((f) => f.count > 0);
    const all: Record<FacetName, () => FacetCount[]> = {
      type: () => counts(EVENT_TYPES, this.#type).sort(byCount),
      city: () => counts(this.c.cityNames, this.#city).sort(byCount),
      month: () => counts(this.c.months, this.#month).sort((a, b) => (a.value < b.value ? -1 : 1)),
      priceBand: () => counts(BAND_KEYS, this.#band),
    };
    const out: SearchFacets = {};
    for (const name of this.wanted) out[name] = all[name]();
    return out;
  }
}
