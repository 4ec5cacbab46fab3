import type { EventType } from '../domain/types.js';
import { CITIES, type City } from './cities.js';
import {
  blurb, comedian, comedyTitle, familyTitle, festivalTitle, musicPerformer, otherTitle, stageTitle, team, theatreCompany, tourTitle,
  type PerformerDraft,
} from './names.js';
import { type Random, heavyTail, intBetween, pick } from './random.js';
import { SPORTS } from './words.js';

/**
 * A production is what a run of events shares: a tour, a play's run, a league matchup, a
 * festival. Its dates (the events) are drawn later, popular productions getting more of them.
 */
export interface Production {
  readonly type: EventType;
  readonly title: string;
  readonly description: string;
  /** Indexes into the catalog's performers. */
  readonly performers: readonly number[];
  /** A resident venue (plays, home games), or -1 for a touring production. */
  readonly venue: number;
  /** A home city (festivals, expos), or -1. */
  readonly city: number;
  /** 0–1000, heavy-tailed. */
  readonly popularity: number;
  /** Cheapest seat, in US dollars, before the city's price level. */
  readonly basePrice: number;
  /** Festivals and expos carry the year in their title. */
  readonly yearly: boolean;
}

const TYPE_SHARE: ReadonlyArray<readonly [EventType, number]> = [
  ['concert', 0.4], ['sports', 0.18], ['theatre', 0.15], ['comedy', 0.1], ['family', 0.08], ['festival', 0.05], ['other', 0.04],
];

function drawType(random: Random): EventType {
  let roll = random();
  for (const [type, share] of TYPE_SHARE) {
    roll -= share;
    if (roll < 0) return type;
  }
  return 'other';
}

/** Builds productions and the performers they need, in one deterministic pass. */
export class ProductionBuilder {
  readonly performers: PerformerDraft[] = [];
  readonly productions: Production[] = [];
  readonly #teams = new Map<string, number>();

  constructor(
    private readonly random: Random,
    /** Venue indexes by city, then by the types they host. */
    private readonly residentVenues: (city: number, type: EventType) => number,
    private readonly cityWeights: (random: Random) => number,
  ) {}

  #add(draft: PerformerDraft): number {
    this.performers.push(draft);
    return this.performers.length - 1;
  }

  #team(city: number, sport: string): number {
    const key = `${city}|${sport}`;
    let index = this.#teams.get(key);
    if (index === undefined) {
      index = this.#add(team(this.random, CITIES[city]!, sport));
      this.#teams.set(key, index);
    }
    return index;
  }

  build(count: number): void {
    for (let i = 0; i < count; i++) this.productions.push(this.#one());
  }

  #one(): Production {
    const r = this.random;
    const type = drawType(r);
    const popularity = Math.round(1000 * heavyTail(r, 3));
    const base = { type, popularity, venue: -1, city: -1, yearly: false };
    const cityIndex = this.cityWeights(r);
    const city: City = CITIES[cityIndex]!;
    switch (type) {
      case 'concert': {
        const lead = this.#add(musicPerformer(r));
        const name = this.performers[lead]!.name;
        const performers = r() < 0.25 ? [lead, this.#add(musicPerformer(r))] : [lead];
        return { ...base, title: tourTitle(r, name), description: blurb(r, name, type), performers, basePrice: intBetween(r, 25, 90) };
      }
      case 'sports': {
        const sport = pick(r, SPORTS);
        const away = this.cityWeights(r);
        const home = this.#team(cityIndex, sport);
        const visitor = this.#team(away === cityIndex ? (away + 1) % CITIES.length : away, sport);
        const title = `${this.performers[home]!.name} vs ${this.performers[visitor]!.name}`;
        return { ...base, title, description: blurb(r, title, type), performers: [home, visitor], venue: this.residentVenues(cityIndex, type), basePrice: intBetween(r, 20, 70) };
      }
      case 'theatre': {
        const company = this.#add(theatreCompany(r, city));
        const title = stageTitle(r);
        return { ...base, title, description: blurb(r, title, type), performers: [company], venue: this.residentVenues(cityIndex, type), basePrice: intBetween(r, 30, 120) };
      }
      case 'comedy': {
        const act = this.#add(comedian(r));
        const name = this.performers[act]!.name;
        return { ...base, title: comedyTitle(r, name), description: blurb(r, name, type), performers: [act], basePrice: intBetween(r, 20, 50) };
      }
      case 'festival': {
        const lineup = Array.from({ length: intBetween(r, 3, 6) }, () => this.#add(musicPerformer(r)));
        const title = festivalTitle(r, city);
        return { ...base, title, description: blurb(r, title, type), performers: lineup, city: cityIndex, yearly: true, basePrice: intBetween(r, 60, 180) };
      }
      case 'family': {
        const title = familyTitle(r);
        return { ...base, title, description: blurb(r, title, type), performers: [], basePrice: intBetween(r, 15, 45) };
      }
      default: {
        const title = otherTitle(r, city);
        return { ...base, title, description: blurb(r, title, type), performers: [], city: cityIndex, yearly: true, basePrice: intBetween(r, 10, 30) };
      }
    }
  }
}
