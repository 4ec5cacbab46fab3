import type { EventType } from '../domain/types.js';
import type { City } from './cities.js';
import { type Random, pick } from './random.js';
import { ADJECTIVES, ANIMALS, COMEDY_SHOWS, DESCRIPTION_OPENERS, EXPOS, FAIRY_TALES, FIRST_NAMES, GENRES, LAST_NAMES, MASCOTS, NOUNS, STAGE_CLASSICS, TOUR_NAMES } from './words.js';

/** Name and blurb builders for the catalog generator: venues, performers, productions. */

export type VenueKind = 'arena' | 'stadium' | 'theatre' | 'club' | 'hall' | 'park' | 'centre';
export const VENUE_KINDS: readonly VenueKind[] = ['arena', 'stadium', 'theatre', 'club', 'hall', 'park', 'centre'];

/** The event types each kind of venue hosts. */
export const VENUE_HOSTS: Readonly<Record<VenueKind, readonly EventType[]>> = {
  arena: ['concert', 'sports', 'family', 'comedy'],
  stadium: ['sports', 'concert', 'festival'],
  theatre: ['theatre', 'comedy', 'family', 'concert'],
  club: ['concert', 'comedy'],
  hall: ['concert', 'other', 'theatre'],
  park: ['festival', 'family', 'other'],
  centre: ['other', 'family', 'comedy'],
};

export function venueName(random: Random, kind: VenueKind, city: City): string {
  const last = pick(random, LAST_NAMES);
  const adjective = pick(random, ADJECTIVES);
  const noun = pick(random, NOUNS).replace(/s$/, '');
  switch (kind) {
    case 'arena':
      return pick(random, [`${city.name} Arena`, `${last} Arena`, `${adjective} Arena ${city.name}`, `${city.name} Dome`]);
    case 'stadium':
      return pick(random, [`${city.name} Stadium`, `${last} Stadium`, `${last} Park Stadium`, `${city.name} Olympic Stadium`]);
    case 'theatre':
      return pick(random, [`${last} Theatre`, `${city.name} Opera House`, `The ${adjective} Theatre`, `Teatro ${last}`, `${city.name} Playhouse`]);
    case 'club':
      return pick(random, [`The ${adjective} ${noun}`, `${adjective} Room`, `Club ${noun}`, `The ${noun} Lounge`]);
    case 'hall':
      return pick(random, [`${last} Hall`, `${city.name} Concert Hall`, `${city.name} Philharmonie`, `${adjective} Hall`]);
    case 'park':
      return pick(random, [`${last} Park`, `${city.name} Fairgrounds`, `${adjective} Fields`]);
    case 'centre':
      return pick(random, [`${city.name} Convention Centre`, `${last} Exhibition Centre`, `${city.name} Expo`]);
  }
}

export function streetAddress(random: Random): string {
  const number = 1 + Math.floor(random() * 400);
  return `${number} ${pick(random, LAST_NAMES)} ${pick(random, ['Street', 'Avenue', 'Road', 'Boulevard', 'Square', 'Lane'])}`;
}

export type PerformerKind = 'band' | 'solo' | 'dj' | 'ensemble' | 'comedian' | 'company' | 'team';

export interface PerformerDraft {
  readonly name: string;
  readonly description: string;
  readonly genre: string | null;
  readonly kind: PerformerKind;
}

export function musicPerformer(random: Random): PerformerDraft {
  const genre = pick(random, GENRES);
  const roll = random();
  if (roll < 0.45) {
    const name = random() < 0.6 ? `The ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}` : `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}`;
    return { name, genre, kind: 'band', description: `${name} are a ${genre} band known for ${pick(random, ['big choruses', 'long jams', 'loud guitars', 'tight harmonies', 'wild live shows'])}.` };
  }
  if (roll < 0.8) {
    const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
    return { name, genre, kind: 'solo', description: `${name} is a ${genre} singer-songwriter with ${pick(random, ['three albums', 'a devoted following', 'a Grammy nomination', 'a string of hits'])}.` };
  }
  if (roll < 0.92) {
    const name = `DJ ${pick(random, [pick(random, FIRST_NAMES), pick(random, NOUNS).replace(/s$/, '')])} ${pick(random, ['', 'X', 'Nova', 'Prime', 'Deluxe'])}`.trim();
    return { name, genre: 'electronic', kind: 'dj', description: `${name} plays ${pick(random, ['house', 'techno', 'drum and bass', 'disco'])} sets that run till dawn.` };
  }
  const name = `${pick(random, ['Royal', 'Chamber', 'Symphonic', 'Baroque', 'New'])} ${pick(random, LAST_NAMES)} ${pick(random, ['Orchestra', 'Ensemble', 'Quartet', 'Choir'])}`;
  return { name, genre: 'classical', kind: 'ensemble', description: `${name} perform the great works with fresh energy.` };
}

export function comedian(random: Random): PerformerDraft {
  const name = `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
  return { name, genre: 'comedy', kind: 'comedian', description: `${name} is a stand-up comedian who ${pick(random, ['overshares', 'riffs with the crowd', 'tells stories about family life', 'rants about modern life'])}.` };
}

export function theatreCompany(random: Random, city: City): PerformerDraft {
  const name = `${pick(random, [city.name, pick(random, LAST_NAMES)])} ${pick(random, ['Theatre Company', 'Players', 'Repertory Theatre', 'Ballet', 'Opera'])}`;
  return { name, genre: 'theatre', kind: 'company', description: `${name} stage classics and new writing.` };
}

export function team(random: Random, city: City, sport: string): PerformerDraft {
  const name = `${city.name} ${pick(random, MASCOTS)}`;
  return { name, genre: sport, kind: 'team', description: `The ${name} are ${city.name}'s professional ${sport} team.` };
}

export function tourTitle(random: Random, performer: string): string {
  const tour = pick(random, TOUR_NAMES);
  return random() < 0.5 ? `${performer}: ${tour}` : `${performer} — ${tour}`;
}

export function stageTitle(random: Random): string {
  return random() < 0.7 ? pick(random, STAGE_CLASSICS) : `The ${pick(random, ADJECTIVES)} ${pick(random, NOUNS)}`;
}

export function comedyTitle(random: Random, performer: string): string {
  return `${performer}: ${pick(random, COMEDY_SHOWS)}`;
}

export function festivalTitle(random: Random, city: City): string {
  const genre = pick(random, GENRES);
  return pick(random, [
    `${city.name} ${cap(genre)} Festival`,
    `${pick(random, ADJECTIVES)} ${pick(random, NOUNS)} Fest`,
    `Summer Sounds ${city.name}`,
    `${city.name} ${cap(genre)} Weekender`,
  ]);
}

export function familyTitle(random: Random): string {
  return pick(random, [
    `${pick(random, ANIMALS)} on Ice`,
    `${pick(random, FAIRY_TALES)}: The Musical`,
    `Circus ${pick(random, ADJECTIVES)}`,
    `${pick(random, ANIMALS)} Live!`,
    `The Magic ${pick(random, NOUNS).replace(/s$/, '')} Show`,
  ]);
}

export function otherTitle(random: Random, city: City): string {
  return `${city.name} ${pick(random, EXPOS)}`;
}

export function blurb(random: Random, subject: string, type: EventType): string {
  const opener = pick(random, DESCRIPTION_OPENERS);
  const body: Record<EventType, string> = {
    concert: `${subject} play the hits and new songs, with ${pick(random, ['a full band', 'special guests', 'a string section', 'a stunning light show'])}.`,
    sports: `${subject}: ${pick(random, ['a derby', 'a league game', 'a cup tie', 'a playoff game'])} with ${pick(random, ['everything to play for', 'a title on the line', 'bragging rights at stake'])}.`,
    theatre: `${subject} in a ${pick(random, ['bold new production', 'faithful staging', 'modern retelling', 'celebrated revival'])}.`,
    comedy: `${subject}: ${pick(random, ['an hour of new material', 'stand-up at its sharpest', 'a night of big laughs'])}.`,
    festival: `${subject} brings ${pick(random, ['three stages', 'dozens of artists', 'food trucks and late sets', 'the best local talent'])} together.`,
    family: `${subject} is ${pick(random, ['fun for all ages', 'a treat for kids and grown-ups', 'full of songs and puppets'])}.`,
    other: `${subject} gathers ${pick(random, ['makers', 'experts', 'collectors', 'fans'])} from near and far.`,
  };
  return `${opener}. ${body[type]}`;
}

function cap(word: string): string {
  return word.replace(/(^|\s)\S/g, (c) => c.toUpperCase());
}
