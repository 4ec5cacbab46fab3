import MiniSearch from 'minisearch';
import { allowedEdits, distanceKm, foldText, type Event } from '@boxoffice/sdk';
import { parseInput, searchInput } from '@boxoffice/sdk/schemas';
import type { CatalogRecords } from '../../packages/sdk/src/adapters/search/catalog-source.js';
import type { MixQuery } from './search-mix.js';

/**
 * The baseline: MiniSearch over the same documents (title, description, performer names,
 * venue name, city), with the same typo budget, prefix on the last word and field boosts;
 * filters through its `filter` callback on stored fields, filters-only through its wildcard
 * query, then sorted and paged like ours. Suggestions through `autoSuggest`.
 */
interface Doc {
  id: number;
  title: string;
  description: string;
  performers: string;
  venue: string;
  city: string;
}

export class MiniSearchBaseline {
  readonly index: MiniSearch<Doc>;
  readonly events: Event[] = [];
  readonly #lat: number[] = [];
  readonly #lon: number[] = [];
  readonly #city: string[] = [];

  /** Over the same event objects the store holds (so memory counts the index, not the events). */
  constructor(catalog: CatalogRecords) {
    this.index = new MiniSearch<Doc>({
      fields: ['title', 'description', 'performers', 'venue', 'city'],
      processTerm: (term) => foldText(term) || null,
      searchOptions: { boost: { title: 3, performers: 3, venue: 1.5, city: 1.5 } },
    });
    const venues = new Map(catalog.venues.map((v) => [v.id, v]));
    const performers = new Map(catalog.performers.map((p) => [p.id, p.name]));
    const docs: Doc[] = [];
    for (const e of catalog.events) {
      const v = venues.get(e.venueId)!;
      const id = this.events.push(e) - 1;
      this.#lat.push(v.lat);
      this.#lon.push(v.lon);
      this.#city.push(foldText(v.city));
      docs.push({ id, title: e.title, description: e.description, performers: e.performerIds.map((p) => performers.get(p)).join(' '), venue: v.name, city: v.city });
    }
    this.index.addAll(docs);
  }

  run(q: MixQuery): number {
    if (q.kind === 'suggest') return this.index.autoSuggest(q.prefix, { prefix: true, fuzzy: (t) => allowedEdits(t) }).slice(0, 8).length;
    const s = parseInput(searchInput, q.input);
    const city = s.city === undefined ? null : foldText(s.city);
    const ok = (id: number): boolean => {
      const e = this.events[id]!;
      if (s.start !== undefined && Date.parse(e.endsAt) < s.start) return false;
      if (s.end !== undefined && Date.parse(e.startsAt) > s.end) return false;
      if (city !== null && this.#city[id] !== city) return false;
      if (s.type !== undefined && e.type !== s.type) return false;
      if (s.maxPrice !== undefined && Math.min(...Object.values(e.prices)) > s.maxPrice) return false;
      if (s.lat !== undefined && s.lon !== undefined && distanceKm(s.lat, s.lon, this.#lat[id]!, this.#lon[id]!) > (s.radiusKm ?? 50)) return false;
      return true;
    };
    const filter = (r: { id: number }) => ok(r.id);
    const keyword = s.keyword ?? '';
    const results =
      keyword.trim() === ''
        ? this.index.search(MiniSearch.wildcard, { filter })
        : this.index.search(keyword, { filter, combineWith: 'OR', prefix: (_t, i, terms) => i === terms.length - 1, fuzzy: (t) => allowedEdits(t) });
    let ids = results.map((r) => r.id as number);
    if (keyword.trim() === '' || (s.sort !== undefined && s.sort !== 'relevance')) {
      const sort = s.sort ?? 'date';
      const key = (id: number) => (sort === 'popularity' ? -this.events[id]!.popularity : sort === 'price' ? Math.min(...Object.values(this.events[id]!.prices)) : Date.parse(this.events[id]!.startsAt));
      ids = ids.map((id) => [key(id), id] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
    }
    return ids.slice((s.page - 1) * s.pageSize, s.page * s.pageSize).length;
  }
}
