import { sql, type QueryExecutorProvider } from 'kysely';
import { allowedEdits, editDistance } from '../../../domain/search-text.js';
import type { Suggestion, SuggestionKind, SuggestQuery } from '../../../ports/search.js';

/**
 * Suggestions from `search_suggestions`: every word-start of an entry's folded text is a key in
 * `search_suggestion_keys`, so a prefix is a C-collation range scan. A last word with a typo is
 * corrected through pg_trgm nearest neighbours in the vocabulary (within `allowedEdits`).
 */
interface Row {
  kind: SuggestionKind;
  label: string;
  ref_id: string | null;
  score: number;
}

async function lookup(db: QueryExecutorProvider, prefix: string, factor: number, wholeWord: boolean, limit: number): Promise<Row[]> {
  const whole = wholeWord ? sql`AND (k.suffix = ${prefix} OR k.suffix LIKE ${`${prefix} %`})` : sql``;
  const { rows } = await sql<Row>`
    SELECT g.kind, g.label, g.ref_id, max(g.weight * CASE WHEN k.at_start THEN 1.5 ELSE 1 END) * ${factor} AS score
      FROM search_suggestion_keys k JOIN search_suggestions g ON g.kind = k.kind AND g.key = k.key
     WHERE k.suffix >= (${prefix} COLLATE "C") AND k.suffix < ((${prefix} || '~') COLLATE "C") ${whole}
     GROUP BY g.kind, g.key, g.label, g.ref_id
     ORDER BY score DESC, g.label
     LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, score: Number(r.score) }));
}

export async function suggest(db: QueryExecutorProvider, trgmSchema: string, q: SuggestQuery): Promise<Suggestion[]> {
  const found = new Map<string, Row>();
  const add = (rows: Row[]) => {
    for (const r of rows) {
      const key = `${r.kind}|${r.label}`;
      if (r.score > (found.get(key)?.score ?? -1)) found.set(key, r);
    }
  };
  add(await lookup(db, q.prefix, 1, false, q.limit));
  if (found.size < q.limit) {
    const words = q.prefix.split(' ');
    const last = words.pop()!;
    const edits = allowedEdits(last);
    if (edits > 0) {
      const distance = sql.raw(`OPERATOR("${trgmSchema}".<->)`);
      const { rows } = await sql<{ word: string }>`
        SELECT word FROM search_words ORDER BY word ${distance} ${last} LIMIT 24`.execute(db);
      const head = words.length > 0 ? `${words.join(' ')} ` : '';
      for (const { word } of rows) {
        const d = editDistance(last, word, edits);
        if (word !== last && d <= edits) add(await lookup(db, `${head}${word}`, d === 1 ? 0.5 : 0.3, true, q.limit));
      }
    }
  }
  return [...found.values()]
    .sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1))
    .slice(0, q.limit)
    .map((r) => ({ kind: r.kind, text: r.label, id: r.ref_id, score: Math.round(r.score * 100) / 100 }));
}
