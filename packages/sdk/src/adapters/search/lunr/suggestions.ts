import { allowedEdits, editDistance, foldText } from '../../../domain/search-text.js';
import type { Suggestion, SuggestionKind, SuggestQuery } from '../../../ports/search.js';
import type { CatalogColumns } from './catalog-columns.js';
import { TokenSet, type TokenSetLike } from './lunr-types.js';
import { UNIT_KIND, type UnitTable } from './units.js';
import { savedArray, savedList, type SavedPart } from './saved-part.js';

/**
 * Suggestions: titles, performers, venues and cities (the non-description units), weighted by
 * the popularity of their events. Every word-start of every entry's folded text sits in one
 * sorted array, so a prefix (also one starting mid-name: "york" finds New York) is a binary
 * search. A last word with a typo is corrected through lunr's fuzzy TokenSet.
 */
const KIND_NAME: Record<number, SuggestionKind> = {
  [UNIT_KIND.title]: 'event',
  [UNIT_KIND.performer]: 'performer',
  [UNIT_KIND.venue]: 'venue',
  [UNIT_KIND.city]: 'city',
};
const MAX_SCAN = 5000;

interface Entry {
  readonly kind: SuggestionKind;
  readonly text: string;
  readonly id: string | null;
  readonly weight: number;
}

export class SuggestionIndex {
  readonly #entries: Entry[] = [];
  /** Word-start suffixes of entries' folded texts, sorted, with their entry and whether it is the start. */
  readonly #keys: string[] = [];
  readonly #entryOf: Int32Array;
  readonly #atStart: Uint8Array;

  /** Derived from a build's units and columns, or restored from a saved build's part. */
  constructor(
    source: { readonly units: UnitTable; readonly columns: CatalogColumns } | SavedPart,
    private readonly tokens: TokenSetLike,
  ) {
    if ('arrays' in source) {
      const kinds = savedList<SuggestionKind>(source, 'kinds');
      const texts = savedList<string>(source, 'texts');
      const ids = savedList<string | null>(source, 'ids');
      const weights = savedArray(source, 'weights', Float64Array);
      for (let i = 0; i < kinds.length; i++) this.#entries.push({ kind: kinds[i]!, text: texts[i]!, id: ids[i]!, weight: weights[i]! });
      this.#keys = savedList<string>(source, 'keys');
      this.#entryOf = savedArray(source, 'entryOf', Int32Array);
      this.#atStart = savedArray(source, 'atStart', Uint8Array);
      if (texts.length !== kinds.length || ids.length !== kinds.length || weights.length !== kinds.length || this.#entryOf.length !== this.#keys.length || this.#atStart.length !== this.#keys.length) {
        throw new Error('saved search index: its suggestions do not match');
      }
      return;
    }
    const { units, columns } = source;
    const suffixes: Array<[string, number, number]> = [];
    // One entry per kind and folded text (two teams or tours may share a name): weights add up.
    const seen = new Map<string, number>();
    for (let u = 0; u < units.size; u++) {
      const kind = KIND_NAME[units.kinds[u]!];
      if (kind === undefined) continue;
      let weight = 0;
      let top = -1;
      for (let i = units.rowStart[u]!; i < units.rowStart[u + 1]!; i++) {
        const row = units.rowFlat[i]!;
        weight += 1 + columns.popularity[row]!;
        if (top < 0 || columns.popularity[row]! > columns.popularity[top]!) top = row;
      }
      const id = kind === 'event' ? (top >= 0 ? columns.events.ids[top]! : null) : units.refIds[u]!;
      const key = foldText(units.texts[u]!);
      const same = seen.get(`${kind}|${key}`);
      if (same !== undefined) {
        const other = this.#entries[same]!;
        this.#entries[same] = { ...(weight > other.weight ? { kind, text: units.texts[u]!, id } : other), weight: other.weight + weight };
        continue;
      }
      const entry = this.#entries.push({ kind, text: units.texts[u]!, id, weight }) - 1;
      seen.set(`${kind}|${key}`, entry);
      for (let at = 0; key !== ''; ) {
        suffixes.push([key.slice(at), entry, at === 0 ? 1 : 0]);
        const space = key.indexOf(' ', at);
        if (space < 0) break;
        at = space + 1;
      }
    }
    suffixes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    this.#keys = suffixes.map((s) => s[0]);
    this.#entryOf = Int32Array.from(suffixes, (s) => s[1]);
    this.#atStart = Uint8Array.from(suffixes, (s) => s[2]);
  }

  /** What a saved build keeps of the suggestions (sorting the word-starts was most of their cost). */
  saved(): SavedPart {
    const e = this.#entries;
    return {
      json: { kinds: e.map((x) => x.kind), texts: e.map((x) => x.text), ids: e.map((x) => x.id), keys: this.#keys },
      arrays: { weights: Float64Array.from(e, (x) => x.weight), entryOf: this.#entryOf, atStart: this.#atStart },
    };
  }

  suggest(q: SuggestQuery): Suggestion[] {
    const scores = new Map<number, number>();
    this.#collect(q.prefix, 1, false, scores);
    if (scores.size < q.limit) {
      const words = q.prefix.split(' ');
      const last = words.pop()!;
      const edits = allowedEdits(last);
      if (edits > 0) {
        const head = words.length > 0 ? `${words.join(' ')} ` : '';
        for (const term of this.tokens.intersect(TokenSet.fromFuzzyString(last, edits)).toArray()) {
          const d = editDistance(last, term, edits);
          if (term !== last && d <= edits) this.#collect(`${head}${term}`, d === 1 ? 0.5 : 0.3, true, scores);
        }
      }
    }
    return [...scores]
      .map(([entry, score]) => ({ entry: this.#entries[entry]!, score }))
      .sort((a, b) => b.score - a.score || (a.entry.text < b.entry.text ? -1 : 1))
      .slice(0, q.limit)
      .map(({ entry, score }) => ({ kind: entry.kind, text: entry.text, id: entry.id, score: Math.round(score * 100) / 100 }));
  }

  /** Adds entries with a word-start beginning with `prefix` (a whole word when `wholeWord`). */
  #collect(prefix: string, factor: number, wholeWord: boolean, scores: Map<number, number>): void {
    let lo = 0;
    let hi = this.#keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#keys[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo, scanned = 0; i < this.#keys.length && scanned < MAX_SCAN; i++, scanned++) {
      const key = this.#keys[i]!;
      if (!key.startsWith(prefix)) break;
      if (wholeWord && key.length > prefix.length && key[prefix.length] !== ' ') continue;
      const entry = this.#entryOf[i]!;
      const s = this.#entries[entry]!.weight * factor * (this.#atStart[i] ? 1.5 : 1);
      if (s > (scores.get(entry) ?? 0)) scores.set(entry, s);
    }
  }
}
