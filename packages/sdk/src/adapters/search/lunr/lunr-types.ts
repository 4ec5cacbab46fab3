import lunr from 'lunr';

/**
 * The parts of lunr 2.3.9 this adapter uses, typed as they are (the published typings declare
 * TokenSet's static constructors as instance methods and the inverted index as `object`).
 * All documented members of lunr.Index / lunr.TokenSet.
 */
export interface TokenSetLike {
  intersect(other: TokenSetLike): TokenSetLike;
  toArray(): string[];
}

interface TokenSetStatics {
  /** From terms in sorted order (what lunr's builder and `Index.load` do). */
  fromArray(terms: readonly string[]): TokenSetLike;
  fromString(text: string): TokenSetLike;
  fromFuzzyString(text: string, editDistance: number): TokenSetLike;
}

/** One term's postings: per field, the refs of the documents holding it. */
export type Posting = { readonly _index: number } & Partial<Record<'raw' | 'stem', Readonly<Record<string, unknown>>>>;

export interface LunrIndexParts {
  readonly invertedIndex: Readonly<Record<string, Posting | undefined>>;
  readonly tokenSet: TokenSetLike;
}

export const TokenSet = lunr.TokenSet as unknown as TokenSetStatics;

export function parts(index: lunr.Index): LunrIndexParts {
  return index as unknown as LunrIndexParts;
}

const stemCache = new Map<string, string>();

/** lunr's Porter stemmer on one folded word (cached: the vocabulary is small). */
export function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    const out = (lunr.stemmer as unknown as (token: lunr.Token) => lunr.Token | null)(new lunr.Token(word, {}));
    s = out && !Array.isArray(out) ? out.toString() : word;
    if (stemCache.size > 200_000) stemCache.clear();
    stemCache.set(word, s);
  }
  return s;
}

export { lunr };
