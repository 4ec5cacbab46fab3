import type { SearchInput } from '@boxoffice/sdk';
import { CITIES, mulberry32, type SyntheticCatalog } from '@boxoffice/sdk/catalog';

/**
 * The fixed query mix of `pnpm bench search`: 1,000 queries drawn (seeded) from the catalog's
 * own words, so every engine answers the same questions. 30% keyword, 20% keyword + dates,
 * 15% keyword + geo, 20% filters only, 15% suggestions. Keywords are performer names, title
 * words, cities and genres, a fifth of them with a typo, some cut short (typed as a prefix).
 */
export type MixQuery = { readonly kind: 'search'; readonly label: string; readonly input: SearchInput } | { readonly kind: 'suggest'; readonly label: string; readonly prefix: string };

const GENRE_WORDS = ['jazz', 'rock', 'opera', 'festival', 'comedy', 'ballet', 'orchestra', 'live', 'tour', 'circus', 'basketball', 'hamlet'];

export function queryMix(catalog: SyntheticCatalog, count = 1000, seed = 99): MixQuery[] {
  const r = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const sample = () => catalog.event(Math.floor(r() * catalog.eventCount));
  const typo = (w: string) => {
    if (w.length < 5) return w;
    const i = 1 + Math.floor(r() * (w.length - 2));
    return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  };
  const keyword = (): string => {
    const roll = r();
    let text: string;
    if (roll < 0.35) text = pick(catalog.performers).name;
    else if (roll < 0.6) text = pick(sample().title.split(/[\s:—-]+/).filter((w) => w.length > 3)) ?? 'live';
    else if (roll < 0.8) text = pick(CITIES).name;
    else text = pick(GENRE_WORDS);
    const words = text.split(' ');
    if (r() < 0.2) words[words.length - 1] = typo(words[words.length - 1]!);
    else if (r() < 0.15) words[words.length - 1] = words[words.length - 1]!.slice(0, Math.max(3, words[words.length - 1]!.length - 2));
    return words.join(' ');
  };
  const from = Date.parse(catalog.from);
  const window = (): { start: string; end: string } => {
    const start = from + Math.floor(r() * 700) * 86_400_000;
    return { start: new Date(start).toISOString(), end: new Date(start + (7 + Math.floor(r() * 60)) * 86_400_000).toISOString() };
  };
  const out: MixQuery[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r();
    if (roll < 0.3) out.push({ kind: 'search', label: 'keyword', input: { keyword: keyword() } });
    else if (roll < 0.5) out.push({ kind: 'search', label: 'keyword+dates', input: { keyword: keyword(), ...window() } });
    else if (roll < 0.65) {
      const city = pick(CITIES);
      out.push({ kind: 'search', label: 'keyword+geo', input: { keyword: keyword(), lat: city.lat, lon: city.lon, radiusKm: 25 } });
    } else if (roll < 0.85) {
      const f = r();
      const input: SearchInput =
        f < 0.3 ? { city: pick(CITIES).name, ...window() }
        : f < 0.5 ? { type: pick(['concert', 'sports', 'theatre', 'comedy', 'family'] as const), ...window(), sort: 'popularity' }
        : f < 0.7 ? { city: pick(CITIES).name, onlyAvailable: true, sort: 'price' }
        : f < 0.85 ? { ...window(), maxPrice: 5000, sort: 'price' }
        : { lat: pick(CITIES).lat, lon: pick(CITIES).lon, radiusKm: 50, ...window() };
      out.push({ kind: 'search', label: 'filters', input });
    } else {
      const text = keyword();
      out.push({ kind: 'suggest', label: 'suggest', prefix: text.slice(0, 2 + Math.floor(r() * Math.max(1, Math.min(5, text.length - 2)))) });
    }
  }
  return out;
}
