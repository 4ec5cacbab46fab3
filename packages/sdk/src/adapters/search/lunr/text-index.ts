import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { allowedEdits, editDistance, searchWords } from '../../../domain/search-text.js';
import { TokenSet, lunr, parts, stem, type TokenSetLike } from './lunr-types.js';
import { savedArray, savedList, type SavedPart } from './saved-part.js';
import { KIND_BOOST, type UnitTable } from './units.js';
import { WordHitsCache, spreadUnitScores, type WordHits } from './word-hits.js';

/**
 * The full-text side of the lunr adapter. lunr indexes the units (two fields: `raw` folded
 * words, `stem` their Porter stems); a query word is expanded with lunr's TokenSet automaton
 * (exact, stem, prefix for the last word, typos within `allowedEdits`) and the postings are
 * scored here per event: best unit per word, title/performer units weighing most.
 */
const SLICE = 2000;
const MAX_PREFIX_TERMS = 64;
const QUALITY = { raw: 1, stem: 0.85, prefixFloor: 0.55, typo1: 0.5, typo2: 0.3 } as const;
/** Word hits kept per build: four rows' worth per event (~48 bytes an event), at least 1M rows. */
const CACHE_ROWS_PER_EVENT = 4;
const CACHE_MIN_ROWS = 1 << 20;

export interface TextMatch {
  /** Rows matching at least one word, in no order. */
  readonly rows: Int32Array;
  /** Per row (valid for `rows` until the next `match`): summed score and matched-words bitmask. */
  readonly score: Float64Array;
  readonly mask: Uint32Array;
}

interface TermUnits {
  readonly units: Int32Array;
  readonly events: number;
}

const NO_UNITS: TermUnits = { units: new Int32Array(0), events: 0 };

export class TextIndex {
  /** Every indexed term (raw words and stems), sorted, and as lunr's automaton. */
  readonly #terms: readonly string[];
  readonly #tokens: TokenSetLike;
  /** Per field and term (`raw:word`, `stem:word`): its units, and how many events they carry (for idf). */
  readonly #postings: ReadonlyMap<string, TermUnits>;
  readonly #hits: WordHitsCache;
  #score: Float64Array | undefined;
  #mask: Uint32Array | undefined;
  #best: Float64Array | undefined;
  #buffer: Int32Array | undefined;
  #spread: Int32Array | undefined;
  #lastRows: Int32Array = new Int32Array(0);

  private constructor(
    terms: readonly string[],
    postings: ReadonlyMap<string, TermUnits>,
    readonly units: UnitTable,
    readonly unitWords: Uint16Array,
    private readonly rowCount: number,
  ) {
    this.#terms = terms;
    this.#tokens = TokenSet.fromArray(terms);
    this.#postings = postings;
    this.#hits = new WordHitsCache(Math.max(CACHE_MIN_ROWS, CACHE_ROWS_PER_EVENT * rowCount));
  }

  /**
   * Builds the lunr index over the units (yielding to the event loop every few thousand), then
   * keeps only its terms and each term's units as numbers: this adapter scores postings itself,
   * and reading them from lunr's object form cost milliseconds per common term at query time.
   */
  static async build(units: UnitTable, rowCount: number): Promise<TextIndex> {
    const builder = new lunr.Builder();
    builder.ref('id');
    builder.field('raw');
    builder.field('stem');
    builder.metadataWhitelist = [];
    const unitWords = new Uint16Array(units.size);
    for (let u = 0; u < units.size; u++) {
      const words = searchWords(units.texts[u]!);
      unitWords[u] = Math.min(65535, words.length);
      builder.add({ id: String(u), raw: words, stem: words.map(stem) });
      if (u % SLICE === SLICE - 1) await yieldToLoop();
    }
    const { invertedIndex } = parts(builder.build());
    const terms = Object.keys(invertedIndex).sort();
    const postings = new Map<string, TermUnits>();
    for (const [i, term] of terms.entries()) {
      for (const field of ['raw', 'stem'] as const) {
        const refs = invertedIndex[term]?.[field];
        if (!refs) continue;
        const found = Int32Array.from(Object.keys(refs), Number);
        if (found.length > 0) postings.set(`${field}:${term}`, { units: found, events: eventsOf(units, found) });
      }
      if (i % SLICE === SLICE - 1) await yieldToLoop();
    }
    return new TextIndex(terms, postings, units, unitWords, rowCount);
  }

  /** From a saved build's text part (`saved()`): terms and postings as they were, nothing re-derived. */
  static restore(part: SavedPart, units: UnitTable, rowCount: number): TextIndex {
    const keys = savedList<string>(part, 'postingKeys');
    const start = savedArray(part, 'postingStart', Int32Array);
    const flat = savedArray(part, 'postingFlat', Int32Array);
    const events = savedArray(part, 'postingEvents', Int32Array);
    const unitWords = savedArray(part, 'unitWords', Uint16Array);
    if (start.length !== keys.length + 1 || events.length !== keys.length || start[keys.length] !== flat.length || unitWords.length !== units.size) {
      throw new Error('saved search index: its text postings do not match');
    }
    const postings = new Map<string, TermUnits>();
    keys.forEach((key, i) => postings.set(key, { units: flat.subarray(start[i], start[i + 1]), events: events[i]! }));
    return new TextIndex(savedList<string>(part, 'terms'), postings, units, unitWords, rowCount);
  }

  /** What a saved build keeps: the sorted terms (the automaton is rebuilt from them) and the postings. */
  saved(): SavedPart {
    const keys = [...this.#postings.keys()];
    const start = new Int32Array(keys.length + 1);
    keys.forEach((key, i) => (start[i + 1] = start[i]! + this.#postings.get(key)!.units.length));
    const flat = new Int32Array(start[keys.length]!);
    const events = new Int32Array(keys.length);
    keys.forEach((key, i) => {
      const p = this.#postings.get(key)!;
      flat.set(p.units, start[i]);
      events[i] = p.events;
    });
    return { json: { terms: this.#terms, postingKeys: keys }, arrays: { postingStart: start, postingFlat: flat, postingEvents: events, unitWords: this.unitWords } };
  }

  /** Every indexed term (raw words and stems), as lunr's automaton. */
  get tokens(): TokenSetLike {
    return this.#tokens;
  }

  /**
   * Scores every row matching any of `words` (the last one also as a prefix). Synchronous.
   * A row's score is the sum over words of its best unit score for that word.
   */
  match(words: readonly string[]): TextMatch {
    const n = this.rowCount;
    const score = (this.#score ??= new Float64Array(n));
    const mask = (this.#mask ??= new Uint32Array(n));
    for (const row of this.#lastRows) {
      score[row] = 0;
      mask[row] = 0;
    }
    const last = words.length - 1;
    if (last === 0) {
      // One word: its hits are the match (no union to build).
      const { rows, score: s } = this.wordHits(words[0]!, true);
      for (let i = 0; i < rows.length; i++) {
        score[rows[i]!] = s[i]!;
        mask[rows[i]!] = 1;
      }
      this.#lastRows = rows;
      return { rows, score, mask };
    }
    const touched = (this.#buffer ??= new Int32Array(n));
    let t = 0;
    for (let j = 0; j <= last; j++) {
      const { rows, score: s } = this.wordHits(words[j]!, j === last);
      const bit = 1 << j;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        if (mask[row] === 0) touched[t++] = row;
        score[row] = score[row]! + s[i]!;
        mask[row] = mask[row]! | bit;
      }
    }
    const rows = touched.slice(0, t);
    this.#lastRows = rows;
    return { rows, score, mask };
  }

  /** One word's rows and scores (`asPrefix`: also its completions), from the cache when recent. */
  wordHits(word: string, asPrefix: boolean): WordHits {
    const key = `${asPrefix ? '*' : '='}${word}`;
    let hits = this.#hits.get(key);
    if (hits === undefined) {
      const n = this.rowCount;
      hits = spreadUnitScores(this.units, this.#unitScores(word, asPrefix), (this.#best ??= new Float64Array(n)), (this.#spread ??= new Int32Array(n)));
      this.#hits.set(key, hits);
    }
    return hits;
  }

  /** Best score per unit for one query word over all its expansions. */
  #unitScores(word: string, isLast: boolean): Map<number, number> {
    const best = new Map<number, number>();
    const total = this.rowCount;
    const add = (term: string, field: 'raw' | 'stem', quality: number) => {
      const { units, events } = this.#units(term, field);
      if (units.length === 0) return;
      const idf = Math.log(1 + total / (1 + events));
      for (const u of units) {
        const s = quality * idf * KIND_BOOST[this.units.kinds[u]!]! / (1 + 0.08 * Math.max(0, this.unitWords[u]! - 1));
        if (s > (best.get(u) ?? 0)) best.set(u, s);
      }
    };
    add(word, 'raw', QUALITY.raw);
    add(stem(word), 'stem', QUALITY.stem);
    if (isLast && word.length >= 2) {
      const terms = this.#tokens.intersect(TokenSet.fromString(`${word}*`)).toArray();
      terms.sort((a, b) => a.length - b.length);
      for (const term of terms.slice(0, MAX_PREFIX_TERMS)) {
        if (term !== word) add(term, 'raw', QUALITY.prefixFloor + 0.4 * (word.length / term.length));
      }
    }
    const edits = allowedEdits(word);
    if (edits > 0) {
      for (const term of this.#tokens.intersect(TokenSet.fromFuzzyString(word, edits)).toArray()) {
        if (term === word) continue;
        const d = editDistance(word, term, edits);
        if (d <= edits) add(term, 'raw', d === 1 ? QUALITY.typo1 : QUALITY.typo2);
      }
    }
    return best;
  }

  /** Units holding `term` in `field`. */
  #units(term: string, field: 'raw' | 'stem'): TermUnits {
    return this.#postings.get(`${field}:${term}`) ?? NO_UNITS;
  }
}

function eventsOf(units: UnitTable, found: Int32Array): number {
  let events = 0;
  for (const u of found) events += units.eventCount(u);
  return events;
}
