import { EVENT_STATUSES, EVENT_TYPES, FACET_NAMES, TICKET_STATUSES, type Event, type EventView, type FacetName, type Performer, type SearchResult, type Suggestion, type Ticket, type Venue } from '@boxoffice/sdk';
import { z } from 'zod';
import { component, shapeOf, timestamp } from './registry.js';

/** The catalog as the routes answer it: performers, venues, events, tickets, search. */

const int = () => z.number().int();

export const ticketStatus = component('TicketStatus', z.enum(TICKET_STATUSES as [Ticket['status'], ...Ticket['status'][]]));

export const performer = component('Performer', z.object({ id: z.string(), name: z.string(), description: z.string(), genre: z.string().nullable() }));
shapeOf<z.output<typeof performer>, Performer>(true);

const section = z.object({
  id: z.string(),
  name: z.string(),
  tier: z.string(),
  rank: z.number(),
  x: z.number(),
  y: z.number(),
  rows: z.array(z.object({ label: z.string(), seatCount: int(), startNumber: int() })),
  capacity: int().nullable().describe('General admission: the places of the area (null for a seated section).'),
});
export const seatSection = component('Section', section, 'A seated section (rows) or a general-admission area (capacity).');

export const venue = component(
  'Venue',
  z.object({
    id: z.string(),
    name: z.string(),
    address: z.string(),
    city: z.string(),
    country: z.string(),
    lat: z.number(),
    lon: z.number(),
    capacity: int(),
    seatMap: z.object({ sections: z.array(seatSection) }),
  }),
);
shapeOf<z.output<typeof venue>, Venue>(true);

const eventFields = {
  id: z.string(),
  title: z.string(),
  description: z.string(),
  type: z.enum(EVENT_TYPES as [Event['type'], ...Event['type'][]]),
  status: z.enum(EVENT_STATUSES as [Event['status'], ...Event['status'][]]),
  startsAt: timestamp(),
  endsAt: timestamp(),
  onSaleAt: timestamp(),
  salesEndAt: timestamp(),
  refundDeadlineAt: timestamp(),
  venueId: z.string(),
  performerIds: z.array(z.string()),
  popularity: z.number(),
  currency: z.string(),
  prices: z.record(z.string(), int()).describe('Price per tier, minor units.'),
  holdTtlSeconds: int(),
  maxTicketsPerUser: int().nullable(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
};
export const event = component('Event', z.object(eventFields));
shapeOf<z.output<typeof event>, Event>(true);
export const eventList = component('EventList', z.array(event));

export const ticket = component(
  'Ticket',
  z.object({
    id: z.string(),
    eventId: z.string(),
    section: z.string(),
    row: z.string().nullable(),
    seat: int().nullable(),
    x: z.number(),
    y: z.number(),
    tier: z.string(),
    price: int(),
    currency: z.string(),
    status: ticketStatus,
    holdId: z.string().nullable(),
    reservedUntil: timestamp().nullable(),
    bookingId: z.string().nullable(),
    version: int(),
  }),
);
shapeOf<z.output<typeof ticket>, Ticket>(true);
export const ticketList = component('TicketList', z.array(ticket));

/** The seed's view: Event & { venue, performers, tickets }. */
export const eventView = component('EventView', z.object({ ...eventFields, venue, performers: z.array(performer), tickets: z.array(ticket) }));
shapeOf<z.output<typeof eventView>, EventView>(true);

const facetCounts = z.array(z.object({ value: z.string(), count: int() }));
const facets = z.object(Object.fromEntries(FACET_NAMES.map((name) => [name, facetCounts.optional()])) as Record<FacetName, z.ZodOptional<typeof facetCounts>>);

export const searchResult = component(
  'SearchResult',
  z.object({
    items: z.array(event),
    total: int(),
    totalExact: z.boolean(),
    totalEstimate: int().optional(),
    page: int(),
    pageSize: int(),
    facets: facets.optional(),
  }),
  'The whole search result (Accept: application/vnd.boxoffice.search+json).',
);
shapeOf<z.output<typeof searchResult>, SearchResult>(true);

export const suggestionList = component(
  'SuggestionList',
  z.array(z.object({ kind: z.enum(['event', 'performer', 'venue', 'city']), text: z.string(), id: z.string().nullable(), score: z.number() })),
);
shapeOf<z.output<typeof suggestionList>, Suggestion[]>(true);
