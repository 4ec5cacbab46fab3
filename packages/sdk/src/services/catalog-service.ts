import { BoxOfficeError, invalid, notFound } from '../domain/errors.js';
import { eventInput, eventPatch, idOf, performerInput, venueInput } from '../domain/schemas.js';
import type { EventInput, EventPatch, ListEventsInput, PerformerInput, VenueInput } from '../domain/inputs.js';
import { pastBefore } from '../domain/past-events.js';
import { pageOf, type Page } from '../domain/page.js';
import { checkEventWindows } from '../domain/sales-window.js';
import { normaliseSeatMap, placesOf, seatMapCapacity, seatMapTiers } from '../domain/seat-map.js';
import { withEffectiveStatus } from '../domain/tickets.js';
import type { Event, EventType, EventStatus, EventView, Performer, Ticket, Venue } from '../domain/types.js';
import { parseInput } from '../domain/validate.js';
import type { ServiceContext } from './context.js';

const DEFAULT_DURATION_MS = 3 * 60 * 60 * 1000;

/** Performers, venues with seat maps, events and their tickets; the seed's event view. */
export class CatalogService {
  constructor(private readonly ctx: ServiceContext) {}

  async createPerformer(input: PerformerInput): Promise<Performer> {
    const p = parseInput(performerInput, input);
    const performer: Performer = { id: this.ctx.ids('performer'), name: p.name, description: p.description, genre: p.genre };
    await this.ctx.store.createPerformer(performer);
    return performer;
  }

  async createVenue(input: VenueInput): Promise<Venue> {
    const v = parseInput(venueInput, input);
    const seatMap = normaliseSeatMap(v.seatMap);
    const venue: Venue = {
      id: this.ctx.ids('venue'),
      name: v.name,
      address: v.address,
      city: v.city,
      country: v.country,
      lat: v.lat,
      lon: v.lon,
      capacity: seatMapCapacity(seatMap),
      seatMap,
    };
    await this.ctx.store.createVenue(venue);
    return venue;
  }

  /** Creates the event and one ticket per place of its venue, priced by tier. */
  async createEvent(input: EventInput): Promise<Event> {
    const e = parseInput(eventInput, input);
    const venue = await this.ctx.store.getVenue(e.venueId);
    if (!venue) throw notFound('venue', e.venueId, 'venueId');
    const performers = await this.ctx.store.getPerformers(e.performerIds);
    const missing = e.performerIds.find((id) => !performers.some((p) => p.id === id));
    if (missing !== undefined) throw notFound('performer', missing, `performerIds.${e.performerIds.indexOf(missing)}`);
    for (const tier of seatMapTiers(venue.seatMap)) {
      if (e.prices[tier] === undefined) throw invalid(`prices.${tier}`, `the venue has a tier "${tier}" with no price`);
    }
    const now = new Date(this.ctx.clock.now()).toISOString();
    const id = this.ctx.ids('event');
    const event: Event = {
      id,
      title: e.title,
      description: e.description,
      type: e.type as EventType,
      status: 'SCHEDULED',
      startsAt: e.startsAt,
      endsAt: e.endsAt ?? new Date(Date.parse(e.startsAt) + DEFAULT_DURATION_MS).toISOString(),
      onSaleAt: e.onSaleAt ?? now,
      salesEndAt: e.salesEndAt ?? e.startsAt,
      refundDeadlineAt: e.refundDeadlineAt ?? e.startsAt,
      venueId: venue.id,
      performerIds: e.performerIds,
      popularity: e.popularity,
      currency: e.currency,
      prices: e.prices,
      holdTtlSeconds: e.holdTtlSeconds,
      maxTicketsPerUser: e.maxTicketsPerUser,
      createdAt: now,
      updatedAt: now,
    };
    checkEventWindows(event);
    // Ticket ids share the event id's unique body, so they are unique without a random call each.
    await this.ctx.store.createEvent({ event, places: placesOf(venue.seatMap), ticketIdPrefix: `tkt_${id.slice(4)}-` });
    return event;
  }

  async updateEvent(eventId: string, patch: EventPatch): Promise<Event> {
    parseInput(idOf('event'), eventId, 'eventId');
    const p = parseInput(eventPatch, patch);
    const event = await this.requireEvent(eventId);
    const updated: Event = {
      ...event,
      ...(p.title === undefined ? {} : { title: p.title }),
      ...(p.description === undefined ? {} : { description: p.description }),
      ...(p.status === undefined ? {} : { status: p.status as EventStatus }),
      ...(p.popularity === undefined ? {} : { popularity: p.popularity }),
      ...(p.holdTtlSeconds === undefined ? {} : { holdTtlSeconds: p.holdTtlSeconds }),
      ...(p.maxTicketsPerUser === undefined ? {} : { maxTicketsPerUser: p.maxTicketsPerUser }),
      ...(p.salesEndAt === undefined ? {} : { salesEndAt: p.salesEndAt }),
      ...(p.refundDeadlineAt === undefined ? {} : { refundDeadlineAt: p.refundDeadlineAt }),
      updatedAt: new Date(this.ctx.clock.now()).toISOString(),
    };
    checkEventWindows(updated);
    await this.ctx.store.updateEvent(updated);
    return updated;
  }

  async requireEvent(eventId: string): Promise<Event> {
    parseInput(idOf('event'), eventId, 'eventId');
    const event = await this.ctx.store.getEvent(eventId);
    if (!event) throw notFound('event', eventId, 'eventId');
    return event;
  }

  async requireVenue(venueId: string): Promise<Venue> {
    const venue = await this.ctx.store.getVenue(venueId);
    if (!venue) throw new BoxOfficeError('INTERNAL', `venue ${venueId} of an event is missing`);
    return venue;
  }

  /** The seed's view: the event with its venue, performers and tickets (expiry applied). */
  async getEventView(eventId: string): Promise<EventView> {
    const event = await this.requireEvent(eventId);
    const [venue, performers, tickets, now] = await Promise.all([
      this.requireVenue(event.venueId),
      this.ctx.store.getPerformers(event.performerIds),
      this.ctx.store.getTickets(eventId),
      this.ctx.store.now(),
    ]);
    return { ...event, venue, performers, tickets: tickets.map((t) => withEffectiveStatus(t, now)) };
  }

  /** A page of events; past ones (see `pastBefore`, as search judges them) only with `includePast`. */
  async listEvents(options: ListEventsInput = {}): Promise<Page<Event>> {
    const pageSize = options.pageSize ?? 20;
    const page = options.page ?? 1;
    const includePast = options.includePast ?? false;
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw invalid('pageSize', 'must be an integer from 1 to 100');
    if (!Number.isInteger(page) || page < 1) throw invalid('page', 'must be an integer of at least 1');
    if (typeof includePast !== 'boolean') throw invalid('includePast', 'must be true or false');
    const ended = includePast ? {} : { endedAfter: pastBefore(this.ctx.clock.now()) };
    const [items, total] = await Promise.all([
      this.ctx.store.listEvents({ limit: pageSize, offset: (page - 1) * pageSize, ...ended }),
      this.ctx.store.countEvents(ended),
    ]);
    return pageOf(items, total, page, pageSize);
  }

  async getTickets(eventId: string): Promise<Ticket[]> {
    await this.requireEvent(eventId);
    const [tickets, now] = await Promise.all([this.ctx.store.getTickets(eventId), this.ctx.store.now()]);
    return tickets.map((t) => withEffectiveStatus(t, now));
  }
}
