/**
 * How search reads text, shared by every search adapter so they agree on what a word is:
 * fold (lower case, accents removed, ß→ss ...), split on anything but a–z and 0–9, drop
 * stop words. A user's keyword goes through the same steps, so query syntax characters
 * (`* : ~ ^ + -`, quotes, brackets) are only separators: they never reach an engine's parser.
 */

/** Words too common to search on: PostgreSQL's English list and lunr's, merged. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a able about above across after again against all almost also am among an and any are as at be because been
  before being below between both but by can cannot could dear did do does doing don down during each either else
  ever every few for from further get got had has have having he her here hers herself him himself his how however
  i if in into is it its itself just least let like likely may me might more most must my myself neither no nor
  not now of off often on once only or other our ours ourselves out over own rather s said same say says she
  should since so some such t than that the their theirs them themselves then there these they this those through
  tis to too twas under until up us very wants was we were what when where which while who whom why will with
  would yet you your yours yourself yourselves`.split(/\s+/),
);

/** Letters NFKD does not take apart. */
const SPECIAL: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', þ: 'th', ð: 'd', ı: 'i' };

/** Lower case, accents stripped, every run of other characters one space; trimmed. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[ßæøœłđþðı]/g, (c) => SPECIAL[c] ?? c)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The searchable words of a text, in order (stop words dropped, repeats kept). */
export function searchWords(text: string): string[] {
  const folded = foldText(text);
  if (folded === '') return [];
  return folded.split(' ').filter((w) => !STOP_WORDS.has(w));
}

/** Most words a keyword is searched on (the rest are ignored). */
export const MAX_QUERY_WORDS = 8;

/** Typo tolerance: edits allowed in a word of this length (none under 4 letters, 1 up to 7, then 2). */
export function allowedEdits(word: string): number {
  if (word.length < 4) return 0;
  return word.length < 8 ? 1 : 2;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), stopping early once it
 * is certainly above `max` (then returns max + 1).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let prevPrev = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return Math.min(prev[b.length]!, max + 1);
}

/** Great-circle distance in kilometres (haversine, mean Earth radius). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Price bands for facets, on the cheapest available ticket in minor units (currency-agnostic). */
export const PRICE_BANDS: ReadonlyArray<{ readonly key: string; readonly below: number }> = [
  { key: 'under-25', below: 2_500 },
  { key: '25-50', below: 5_000 },
  { key: '50-100', below: 10_000 },
  { key: '100-200', below: 20_000 },
  { key: '200-plus', below: Number.POSITIVE_INFINITY },
];
export const SOLD_OUT_BAND = 'sold-out';

export function priceBand(minPrice: number | null): string {
  if (minPrice === null) return SOLD_OUT_BAND;
  for (const band of PRICE_BANDS) if (minPrice < band.below) return band.key;
  return PRICE_BANDS[PRICE_BANDS.length - 1]!.key;
}

/** `YYYY-MM` (UTC) of an instant, for the month facet. */
export function monthKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}
