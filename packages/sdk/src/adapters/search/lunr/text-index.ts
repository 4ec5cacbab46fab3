import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { allowedEdits, editDistance, searchWords } from '../../../domain/search-text.js';
import { TokenSet, lunr, parts, stem, type LunrIndexParts, type TokenSetLike } from './lunr-types.js';
import { KIND_BOOST, type UnitTable } from './units.js';

/**
 * The full-text side of the lunr adapter. lunr indexes the units (two fields: `raw` folded
 * words, `stem` their Porter stems); a query word is expanded with lunr's TokenSet automaton
 * (exact, stem, prefix for the last word, typos within `allowedEdits`) and the postings are
 * scored here per event: best unit per word, title/performer units weighing most.
 */
const SLICE = 2000;
const MAX_PREFIX_TERMS = 64;
const QUALITY = { raw: 1, stem: 0.85, prefixFloor: 0.55, typo1: 0.5, typo2: 0.3 } as const;

export interface TextMatch {
  /** Rows matching at least one word, in no order. */
  readonly rows: Int32Array;
  /** Per row (valid for `rows` until the next `match`): summed score and matched-words bitmask. */
  readonly score: Float64Array;
  readonly mask: Uint32Array;
}

export class TextIndex {
  readonly #parts: LunrIndexParts;
  readonly #postings = new Map<string, Int32Array>();
  #score: Float64Array | undefined;
  #mask: Uint32Array | undefined;
  #word: Float64Array | undefined;
  #lastRows: Int32Array = new Int32Array(0);

  private constructor(
    readonly lunrIndex: lunr.Index,
    readonly units: UnitTable,
    readonly unitWords: Uint16Array,
    private readonly rowCount: number,
  ) {
    this.#parts = parts(lunrIndex);
  }

  /** Builds the lunr index over the units, yielding to the event loop every few thousand. */
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
    return new TextIndex(builder.build(), units, unitWords, rowCount);
  }

  static load(serialized: object, units: UnitTable, unitWords: Uint16Array, rowCount: number): TextIndex {
    return new TextIndex(lunr.Index.load(serialized), units, unitWords, rowCount);
  }

  /** Every indexed term (raw words and stems), as lunr's automaton. */
  get tokens(): TokenSetLike {
    return this.#parts.tokenSet;
  }

  /**
   * lunr's serialized index without its field vectors: they serve lunr's own scoring, which
   * this adapter does not use (it scores postings itself), and they are most of the size.
   */
  toJSON(): object {
    return { ...this.lunrIndex.toJSON(), fieldVectors: [] };
  }

  /** Scores every row matching any of `words` (the last one also as a prefix). Synchronous. */
  match(words: readonly string[]): TextMatch {
    const n = this.rowCount;
    const score = (this.#score ??= new Float64Array(n));
    const mask = (this.#mask ??= new Uint32Array(n));
    const wordScore = (this.#word ??= new Float64Array(n));
    for (const row of this.#lastRows) {
      score[row] = 0;
      mask[row] = 0;
    }
    const touched: number[] = [];
    words.forEach((word, j) => {
      const unitBest = this.#unitScores(word, j === words.length - 1);
      const wordRows: number[] = [];
      for (const [u, s] of unitBest) {
        for (let i = this.units.rowStart[u]!; i < this.units.rowStart[u + 1]!; i++) {
          const row = this.units.rowFlat[i]!;
          if (wordScore[row] === 0) wordRows.push(row);
          if (s > wordScore[row]!) wordScore[row] = s;
        }
      }
      for (const row of wordRows) {
        if (mask[row] === 0) touched.push(row);
        score[row] = score[row]! + wordScore[row]!;
        mask[row] = mask[row]! | (1 << j);
        wordScore[row] = 0;
      }
    });
    const rows = Int32Array.from(touched);
    this.#lastRows = rows;
    return { rows, score, mask };
  }

  /** Best score per unit for one query word over all its expansions. */
  #unitScores(word: string, isLast: boolean): Map<number, number> {
    const best = new Map<number, number>();
    const total = this.rowCount;
    const add = (term: string, field: 'raw' | 'stem', quality: number) => {
      const units = this.#units(term, field);
      if (units.length === 0) return;
      let df = 0;
      for (const u of units) df += this.units.eventCount(u);
      const idf = Math.log(1 + total / (1 + df));
      for (const u of units) {
        const s = quality * idf * KIND_BOOST[this.units.kinds[u]!]! / (1 + 0.08 * Math.max(0, this.unitWords[u]! - 1));
        if (s > (best.get(u) ?? 0)) best.set(u, s);
      }
    };
    add(word, 'raw', QUALITY.raw);
    add(stem(word), 'stem', QUALITY.stem);
    if (isLast && word.length >= 2) {
      const terms = this.#parts.tokenSet.intersect(TokenSet.fromString(`${word}*`)).toArray();
      terms.sort((a, b) => a.length - b.length);
      for (const term of terms.slice(0, MAX_PREFIX_TERMS)) {
        if (term !== word) add(term, 'raw', QUALITY.prefixFloor + 0.4 * (word.length / term.length));
      }
    }
    const edits = allowedEdits(word);
    if (edits > 0) {
      for (const term of this.#parts.tokenSet.intersect(TokenSet.fromFuzzyString(word, edits)).toArray()) {
        if (term === word) continue;
        const d = editDistance(word, term, edits);
        if (d <= edits) add(term, 'raw', d === 1 ? QUALITY.typo1 : QUALITY.typo2);
      }
    }
    return best;
  }

  /** Units holding `term` in `field`, cached as an Int32Array. */
  #units(term: string, field: 'raw' | 'stem'): Int32Array {
    const key = `${field}:${term}`;
    let units = this.#postings.get(key);
    if (units === undefined) {
      const refs = this.#parts.invertedIndex[term]?.[field];
      units = refs ? Int32Array.from(Object.keys(refs), Number) : new Int32Array(0);
      this.#postings.set(key, units);
    }
    return units;
  }
}
