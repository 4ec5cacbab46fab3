import { InvalidArgumentError } from 'commander';
import { BoxOfficeError, isBoxOfficeError, type SearchInput } from '@boxoffice/sdk';
import { parseInput, searchInput } from '@boxoffice/sdk/schemas';

/** `events search` flags as commander hands them over. */
export interface SearchFlags {
  readonly keyword?: string | undefined;
  readonly start?: string | undefined;
  readonly end?: string | undefined;
  readonly city?: string | undefined;
  readonly venue?: string | undefined;
  readonly type?: string | undefined;
  readonly performer?: string | undefined;
  /** Minor units (parsed by moneyAmount). */
  readonly minPrice?: number | undefined;
  readonly maxPrice?: number | undefined;
  readonly available?: boolean | undefined;
  readonly includePast?: boolean | undefined;
  readonly near?: { lat: number; lon: number } | undefined;
  readonly radius?: number | undefined;
  readonly sort?: string | undefined;
  readonly page?: number | undefined;
  readonly pageSize?: number | undefined;
  /** true: every facet; a list: those. */
  readonly facets?: boolean | string[] | undefined;
  readonly json?: boolean | undefined;
}

/** The SDK's field → the flag that fills it, so a validation error names what the user typed. */
const FLAG_OF: Readonly<Record<string, string>> = {
  keyword: '--keyword',
  start: '--start',
  end: '--end',
  city: '--city',
  venueId: '--venue',
  type: '--type',
  performerId: '--performer',
  minPrice: '--min-price',
  maxPrice: '--max-price',
  onlyAvailable: '--available',
  includePast: '--include-past',
  lat: '--near',
  lon: '--near',
  radiusKm: '--radius',
  sort: '--sort',
  page: '--page',
  pageSize: '--page-size',
  facets: '--facets',
};

/** `48.85,2.35` → `{ lat, lon }` (checked for range by the SDK's schema). */
export function latLon(value: string): { lat: number; lon: number } {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(value);
  if (!match) throw new InvalidArgumentError('must be LAT,LON in degrees, like 48.8566,2.3522');
  return { lat: Number(match[1]), lon: Number(match[2]) };
}

export function kilometres(value: string): number {
  const n = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n > 0)) throw new InvalidArgumentError('must be a distance in km greater than 0, like 25');
  return n;
}

export const FACETS = ['type', 'city', 'month', 'priceBand'] as const;

export function facetList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  const unknown = items.filter((s) => !(FACETS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown facet ${unknown.join(', ')} (choose from ${FACETS.join(', ')})`);
  return items;
}

/**
 * Flags → the SDK's SearchInput, checked with the SDK's own schema here so that a bad
 * combination (--end before --start, --radius without --near) is a VALIDATION error naming
 * the flag, the same whether the command runs in-process or against a deployment.
 */
export function searchQuery(f: SearchFlags): SearchInput {
  const query: SearchInput = {
    ...(f.keyword === undefined ? {} : { keyword: f.keyword }),
    ...(f.start === undefined ? {} : { start: f.start }),
    ...(f.end === undefined ? {} : { end: f.end }),
    ...(f.city === undefined ? {} : { city: f.city }),
    ...(f.venue === undefined ? {} : { venueId: f.venue }),
    ...(f.type === undefined ? {} : { type: f.type }),
    ...(f.performer === undefined ? {} : { performerId: f.performer }),
    ...(f.minPrice === undefined ? {} : { minPrice: f.minPrice }),
    ...(f.maxPrice === undefined ? {} : { maxPrice: f.maxPrice }),
    ...(f.available ? { onlyAvailable: true } : {}),
    ...(f.includePast ? { includePast: true } : {}),
    ...(f.near === undefined ? {} : { lat: f.near.lat, lon: f.near.lon }),
    ...(f.radius === undefined ? {} : { radiusKm: f.radius }),
    ...(f.sort === undefined ? {} : { sort: f.sort as NonNullable<SearchInput['sort']> }),
    page: f.page ?? 1,
    pageSize: f.pageSize ?? 20,
    ...(f.facets === undefined ? {} : { facets: f.facets as NonNullable<SearchInput['facets']> }),
  };
  try {
    parseInput(searchInput, query);
  } catch (error) {
    throw renamed(error);
  }
  return query;
}

/** A VALIDATION error on an SDK field, reworded to name the flag instead. */
export function renamed(error: unknown): unknown {
  if (!isBoxOfficeError(error, 'VALIDATION') || error.field === undefined) return error;
  const flag = FLAG_OF[error.field];
  if (flag === undefined) return error;
  const message = error.message
    .replace(/^[^:]+: /, '')
    .replace(/\blat and lon\b/g, '--near')
    .replace(/\b(start|end|minPrice|maxPrice|lat|lon|radiusKm)\b/g, (w) => FLAG_OF[w] ?? w);
  return new BoxOfficeError('VALIDATION', `${flag}: ${message}`, { field: flag.slice(2), cause: error });
}
