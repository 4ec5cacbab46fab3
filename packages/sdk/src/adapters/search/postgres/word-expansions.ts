import { sql, type QueryExecutorProvider } from 'kysely';
import { allowedEdits, editDistance } from '../../../domain/search-text.js';

/**
 * Spellings to search for each query word, from the folded vocabulary (`search_words`): the
 * word itself, completions of the last word (a C-collation range scan), and typo corrections
 * (pg_trgm nearest neighbours through GiST, kept only within `allowedEdits`). One round trip.
 */
const MAX_PREFIX = 64;
const MAX_NEIGHBOURS = 24;

export interface WordExpansion {
  readonly word: string;
  /** Other spellings to accept for this word (completions, corrections). */
  readonly variants: readonly string[];
}

export async function expandWords(db: QueryExecutorProvider, trgmSchema: string, words: readonly string[]): Promise<WordExpansion[]> {
  const last = words.length - 1;
  const prefix = words.map((w, i) => i === last && w.length >= 2);
  const fuzzy = words.map((w) => allowedEdits(w) > 0);
  const distance = sql.raw(`OPERATOR("${trgmSchema}".<->)`);
  const { rows } = await sql<{ i: number; word: string; kind: 'p' | 'f' }>`
    SELECT q.i::int AS i, c.word, c.kind
      FROM unnest(${[...words]}::text[], ${prefix}::bool[], ${fuzzy}::bool[]) WITH ORDINALITY AS q(word, prefix, fuzzy, i)
      CROSS JOIN LATERAL (
        (SELECT w.word, 'p' AS kind FROM search_words w
          WHERE q.prefix AND w.word >= (q.word COLLATE "C") AND w.word < ((q.word || '~') COLLATE "C")
          ORDER BY length(w.word), w.word LIMIT ${MAX_PREFIX})
        UNION ALL
        (SELECT w.word, 'f' FROM search_words w WHERE q.fuzzy
          ORDER BY w.word ${distance} q.word LIMIT ${MAX_NEIGHBOURS})
      ) c`.execute(db);
  const variants = words.map(() => new Set<string>());
  for (const r of rows) {
    const word = words[r.i - 1]!;
    if (r.word === word) continue;
    if (r.kind === 'p' || editDistance(word, r.word, allowedEdits(word)) <= allowedEdits(word)) variants[r.i - 1]!.add(r.word);
  }
  return words.map((word, i) => ({ word, variants: [...variants[i]!] }));
}
