import type { Event, EventType, Performer, SeatMap, Section, Venue } from '../domain/types.js';
import { CITIES } from './cities.js';
import { VENUE_HOSTS, VENUE_KINDS, streetAddress, venueName, type VenueKind } from './names.js';
import { ProductionBuilder } from './productions.js';
import { type Random, cumulative, hashSeed, intBetween, mulberry32, pick, pickWeighted, streamRandom } from './random.js';

/**
 * The synthetic catalog: a deterministic (by seed) world of venues in real cities, performers
 * and events, from 10 to 1,000,000 events. Venues and performers are built up front (a few
 * thousand at most); events are generated on demand, each from its own random stream, so
 * `events()` streams a million of them in seconds without holding them, and `event(i)` is
 * random access. Records are the domain's own (`Event`, `Venue`, `Performer`) with
 * deterministic ids; `loadCatalog` writes them to a store or through a BoxOffice.
 */
export interface CatalogOptions {
  /** Number of events, 1 to 1,000,000. */
  readonly events: number;
  /** Any number or text; the same seed (and options) gives the same catalog. Default 1. */
  readonly seed?: number | string;
  /** Dates are spread over two years from this instant. Default 2026-01-01T00:00:00Z. */
  readonly from?: string;
  /** Places per venue (so per event), split into premium, standard and value tiers. Default 8. */
  readonly seatsPerVenue?: number;
  /**
   * The tag in every id (`evt_<tag>-0`; default: from the seed). Another tag loads the same
   * catalog into one store again without colliding (`boxoffice demo` does, once per run).
   */
  readonly idTag?: string;
}

export interface SyntheticCatalog {
  readonly seed: number;
  readonly eventCount: number;
  readonly from: string;
  readonly seatsPerVenue: number;
  readonly venues: readonly Venue[];
  readonly performers: readonly Performer[];
  /** Events `start` (default 0) to `end` (default all), generated lazily, in id order. */
  events(start?: number, end?: number): Generator<Event>;
  /** Event number `index`. */
  event(index: number): Event;
}

export const MAX_CATALOG_EVENTS = 1_000_000;
const DAY = 86_400_000;
/** The largest price an event input accepts (minor units). */
const MAX_PRICE = 100_000_000;
const HORIZON_DAYS = 730;
const STREAM = { venue: 1, event: 2 } as const;
const KIND_SHARE: Readonly<Record<VenueKind, number>> = { arena: 15, stadium: 8, theatre: 22, club: 25, hall: 12, park: 8, centre: 10 };
const KIND_CUM = cumulative(VENUE_KINDS.map((k) => KIND_SHARE[k]));
const CITY_CUM = cumulative(CITIES.map((c) => c.weight));
/** Start hour (local, UTC here) and duration in hours, by type. */
const SCHEDULE: Readonly<Record<EventType, { hours: readonly number[]; duration: number }>> = {
  concert: { hours: [19, 20, 20.5, 21], duration: 3 },
  sports: { hours: [13, 15, 17.5, 19, 20], duration: 2.5 },
  theatre: { hours: [14.5, 19.5, 20], duration: 2.75 },
  comedy: { hours: [19, 20, 21.5], duration: 2 },
  festival: { hours: [12], duration: 11 },
  family: { hours: [11, 14, 17], duration: 1.5 },
  other: { hours: [10], duration: 8 },
};

export function generateCatalog(options: CatalogOptions): SyntheticCatalog {
  const eventCount = options.events;
  if (!Number.isInteger(eventCount) || eventCount < 1 || eventCount > MAX_CATALOG_EVENTS) {
    throw new RangeError(`events: must be an integer from 1 to ${MAX_CATALOG_EVENTS}`);
  }
  const seatsPerVenue = options.seatsPerVenue ?? 8;
  if (!Number.isInteger(seatsPerVenue) || seatsPerVenue < 1 || seatsPerVenue > 100_000) {
    throw new RangeError('seatsPerVenue: must be an integer from 1 to 100000');
  }
  const from = new Date(options.from ?? '2026-01-01T00:00:00Z');
  if (Number.isNaN(from.getTime())) throw new RangeError('from: must be an ISO-8601 date-time');
  const seed = hashSeed(options.seed ?? 1);
  if (options.idTag !== undefined && !/^[A-Za-z0-9]{1,24}$/.test(options.idTag)) throw new RangeError('idTag: must be 1-24 of A-Z a-z 0-9');
  const tag = options.idTag ?? seed.toString(36);
  const fromMs = from.getTime();
  const createdAt = new Date(fromMs - 120 * DAY).toISOString();

  // Venues: a few per city, more in busy cities.
  const venueCount = Math.min(6000, Math.max(12, Math.round(eventCount / 40)));
  const venues: Venue[] = [];
  const venueKinds: VenueKind[] = [];
  const byCityType = new Map<string, number[]>();
  const byType = new Map<EventType, number[]>();
  const seatMap = smallSeatMap(seatsPerVenue);
  const usedNames = new Set<string>();
  for (let i = 0; i < venueCount; i++) {
    const r = streamRandom(seed, STREAM.venue, i);
    const cityIndex = i < CITIES.length && venueCount >= CITIES.length ? i : pickWeighted(r, CITY_CUM);
    const city = CITIES[cityIndex]!;
    const kind = VENUE_KINDS[pickWeighted(r, KIND_CUM)]!;
    let name = venueName(r, kind, city);
    for (let n = 2; usedNames.has(`${city.name}|${name}`); n++) name = `${venueName(r, kind, city)}${n > 4 ? ` ${n}` : ''}`;
    usedNames.add(`${city.name}|${name}`);
    venues.push({
      id: `ven_${tag}-${i.toString(36)}`,
      name,
      address: streetAddress(r),
      city: city.name,
      country: city.country,
      // Spread venues around the centre (up to ~8 km), as in a real city.
      lat: round5(city.lat + (r() - 0.5) * 0.14),
      lon: round5(city.lon + ((r() - 0.5) * 0.14) / Math.max(0.2, Math.cos((city.lat * Math.PI) / 180))),
      capacity: seatsPerVenue,
      seatMap,
    });
    venueKinds.push(kind);
    for (const type of VENUE_HOSTS[kind]) {
      push(byCityType, `${cityIndex}|${type}`, i);
      push(byType, type, i);
    }
  }
  const venueCity = venues.map((v) => CITIES.findIndex((c) => c.name === v.city));
  const residentVenue = (r: Random) => (cityIndex: number, type: EventType): number =>
    pick(r, byCityType.get(`${cityIndex}|${type}`) ?? byType.get(type) ?? [0]);

  // Productions and their performers.
  const productionRandom = mulberry32(seed ^ 0x5eed);
  const builder = new ProductionBuilder(productionRandom, residentVenue(productionRandom), (r) => pickWeighted(r, CITY_CUM));
  builder.build(Math.min(60_000, Math.max(4, Math.round(eventCount / 8))));
  const productions = builder.productions;
  const productionCum = cumulative(productions.map((p) => 1 + p.popularity));
  const performers: Performer[] = builder.performers.map((p, i) => ({
    id: `prf_${tag}-${i.toString(36)}`,
    name: p.name,
    description: p.description,
    genre: p.genre,
  }));

  // Per production, computed once: where its dates may be, and its performers' ids.
  const allVenues = venues.map((_, i) => i);
  const venueChoices: (readonly number[])[] = productions.map((p) =>
    p.venue >= 0 ? [p.venue] : p.city >= 0 ? (byCityType.get(`${p.city}|${p.type}`) ?? byType.get(p.type) ?? allVenues) : (byType.get(p.type) ?? allVenues),
  );
  const performerIds: (readonly string[])[] = productions.map((p) => p.performers.map((i) => performers[i]!.id));

  const event = (index: number): Event => {
    if (!Number.isInteger(index) || index < 0 || index >= eventCount) throw new RangeError(`event index ${index} out of range`);
    const r = streamRandom(seed, STREAM.event, index);
    const p = pickWeighted(r, productionCum);
    const production = productions[p]!;
    const venueIndex = pick(r, venueChoices[p]!);
    const venue = venues[venueIndex]!;
    const city = CITIES[venueCity[venueIndex]!] ?? CITIES[0]!;
    const schedule = SCHEDULE[production.type];
    const day = Math.floor(r() * HORIZON_DAYS);
    const start = fromMs + day * DAY + pick(r, schedule.hours) * 3_600_000;
    const days = production.type === 'festival' ? intBetween(r, 1, 3) : 1;
    const end = start + (days - 1) * DAY + schedule.duration * 3_600_000;
    const onSale = Math.max(fromMs - 90 * DAY, start - intBetween(r, 14, 180) * DAY);
    const base = production.basePrice * city.priceLevel * (0.9 + r() * 0.2) * 100;
    const unit = base >= 100_000 ? 10_000 : base >= 10_000 ? 500 : 50;
    const price = (f: number) => Math.min(MAX_PRICE, Math.max(unit, Math.round((base * f) / unit) * unit));
    const startsAt = isoUtc(start);
    const title = production.yearly ? `${production.title} ${startsAt.slice(0, 4)}` : production.title;
    return {
      id: `evt_${tag}-${index.toString(36)}`,
      title,
      description: production.description,
      type: production.type,
      status: 'SCHEDULED',
      startsAt,
      endsAt: isoUtc(end),
      onSaleAt: isoUtc(onSale),
      salesEndAt: startsAt,
      refundDeadlineAt: startsAt,
      venueId: venue.id,
      performerIds: performerIds[p]!,
      popularity: Math.round(production.popularity * (0.7 + r() * 0.6)),
      currency: city.currency,
      prices: { premium: price(3), standard: price(1.7), value: price(1) },
      holdTtlSeconds: 600,
      maxTicketsPerUser: 8,
      createdAt,
      updatedAt: createdAt,
    };
  };

  return {
    seed,
    eventCount,
    from: from.toISOString(),
    seatsPerVenue,
    venues,
    performers,
    event,
    *events(start = 0, end = eventCount) {
      for (let i = Math.max(0, start); i < Math.min(end, eventCount); i++) yield event(i);
    },
  };
}

/** A small hall: premium and standard seated rows and a standing area, `seats` places in all. */
export function smallSeatMap(seats: number): SeatMap {
  const premium = seats >= 3 ? Math.max(1, Math.round(seats * 0.25)) : 0;
  const standard = seats >= 2 ? Math.max(1, Math.round(seats * 0.4)) : 0;
  const value = seats - premium - standard;
  const sections: Section[] = [];
  const seated = (id: string, name: string, tier: string, count: number, rank: number): Section => {
    const perRow = Math.min(1000, Math.max(1, Math.ceil(Math.sqrt(count * 2))));
    const rows = [];
    for (let left = count, r = 0; left > 0; r++, left -= perRow) {
      rows.push({ label: rowName(r), seatCount: Math.min(perRow, left), startNumber: 1 });
    }
    return { id, name, tier, rank, x: 0, y: rank * 40, rows, capacity: null };
  };
  if (premium > 0) sections.push(seated('P', 'Premium', 'premium', premium, 0));
  if (standard > 0) sections.push(seated('S', 'Stalls', 'standard', standard, 1));
  if (value > 0) sections.push({ id: 'GA', name: 'Standing', tier: 'value', rank: 2, x: 0, y: 80, rows: [], capacity: value });
  return { sections };
}

function rowName(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `R${index + 1}`;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** `toISOString()` for whole-minute UTC instants after 1970, several times faster (civil-from-days). */
function isoUtc(ms: number): string {
  const days = Math.floor(ms / DAY);
  const minutes = Math.floor((ms - days * DAY) / 60_000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${two(m)}-${two(d)}T${two(Math.floor(minutes / 60))}:${two(minutes % 60)}:00.000Z`;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function round5(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
