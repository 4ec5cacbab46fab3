import type { BoxOffice } from '../box-office.js';
import { searchInput, suggestInput, type SearchInput } from '../domain/search-query.js';
import {
  bookInput,
  cancelInput,
  confirmInput,
  eventInput,
  eventPatch,
  holdInput,
  idOf,
  performerInput,
  releaseInput,
  userIdSchema,
  venueInput,
} from '../domain/schemas.js';
import type { Booking, Event, EventView, Hold, Performer, Ticket, Venue } from '../domain/types.js';
import { parseInput } from '../domain/validate.js';
import type { Suggestion } from '../ports/search.js';
import type { SearchResult } from '../services/search-service.js';
import type { ReconcileReport, SweepReport } from '../services/sweeper.js';
import { LiveFeed, watchEvent, type EventWatch, type EventWatchHandlers } from './live.js';
import { remoteInventory } from './remote-inventory.js';
import { remoteQueue, remoteQueueAdmin } from './remote-queue.js';
import { HttpTransport, seg, type TransportOptions } from './transport.js';

/** The media type that makes GET /events/search answer the whole result, facets included. */
const SEARCH_RESULT_TYPE = 'application/vnd.boxoffice.search+json';

export interface ConnectOptions extends Omit<TransportOptions, 'url'> {}

/** The remote BoxOffice: the same interface, plus the live seat map of one event. */
export interface RemoteBoxOffice extends BoxOffice {
  /** The server's base URL. */
  readonly url: string;
  /**
   * Watches one event's seat map over `WS /events/:eventId/live`: a snapshot, then coalesced
   * diffs; a gap in the sequence numbers fetches a fresh snapshot by itself.
   */
  watchEvent(eventId: string, handlers: EventWatchHandlers): EventWatch;
}

function checkId(kind: Parameters<typeof idOf>[0], value: string, field: string): void {
  parseInput(idOf(kind), value, field);
}

/**
 * Connects to a BoxOffice server. Inputs are checked here with the SDK's own schemas first, so
 * a bad call fails with exactly the error the embedded SDK gives, before any request; every
 * other failure comes back from the server as problem+json and is rebuilt as the same
 * `BoxOfficeError` (code, field, details, and the server's `requestId`). Calls that name a
 * `userId` other than the token's need an admin token (they are sent as `X-On-Behalf-Of`).
 *
 * Retries (`options.retry`, default 3 tries, `false` for one): reads, releases, and the calls
 * the server de-duplicates by idempotency key — hold, confirm, book, cancel, inventory — are
 * tried again after a dropped connection or a 503 (honouring `Retry-After`), with exponential
 * backoff and jitter; those keyed calls get a generated `Idempotency-Key` when given none, the
 * same on every try, so a retry never books or charges twice. Every other call is tried again
 * only if its connection was refused (it never left). 429 is not retried.
 */
export function connect(url: string, options: ConnectOptions = {}): RemoteBoxOffice {
  const http = new HttpTransport({ url, ...options });
  const feed = new LiveFeed(http);
  const watches = new Set<EventWatch>();

  return {
    storeKind: 'remote',
    url,

    async createPerformer(input) {
      parseInput(performerInput, input);
      return http.call<Performer>('POST', '/admin/performers', { body: input });
    },
    async createVenue(input) {
      parseInput(venueInput, input);
      return http.call<Venue>('POST', '/admin/venues', { body: input });
    },
    async createEvent(input) {
      parseInput(eventInput, input);
      return http.call<Event>('POST', '/admin/events', { body: input });
    },
    async updateEvent(eventId, patch) {
      checkId('event', eventId, 'eventId');
      parseInput(eventPatch, patch);
      return http.call<Event>('PATCH', `/admin/events/${seg(eventId)}`, { body: patch });
    },
    async getEvent(eventId) {
      checkId('event', eventId, 'eventId');
      return http.call<EventView>('GET', `/events/${seg(eventId)}`);
    },
    async listEvents(opts = {}) {
      return http.call<Event[]>('GET', '/events', { query: { page: opts.page, pageSize: opts.pageSize, includePast: opts.includePast } });
    },
    async getTickets(eventId) {
      checkId('event', eventId, 'eventId');
      return http.call<Ticket[]>('GET', `/events/${seg(eventId)}/tickets`);
    },

    async searchEvents(query: SearchInput = {}) {
      parseInput(searchInput, query ?? {});
      return http.call<SearchResult>('GET', '/events/search', { query: searchQueryOf(query ?? {}), accept: SEARCH_RESULT_TYPE });
    },
    async suggest(prefix, opts = {}) {
      parseInput(suggestInput, { prefix, ...opts });
      return http.call<Suggestion[]>('GET', '/events/suggest', { query: { prefix, limit: opts.limit } });
    },

    async hold(input) {
      const req = parseInput(holdInput, input);
      const { userId: _user, idempotencyKey: _key, ...body } = input;
      return http.call<Hold>('POST', '/holds', {
        body,
        idempotencyKey: req.idempotencyKey,
        onBehalfOf: req.userId,
        repeatable: 'by-key',
      });
    },
    async getHold(holdId, userId) {
      checkId('hold', holdId, 'holdId');
      if (userId !== undefined) parseInput(userIdSchema, userId, 'userId');
      return http.call<Hold>('GET', `/holds/${seg(holdId)}`, { onBehalfOf: userId });
    },
    async releaseHold(input) {
      const req = parseInput(releaseInput, input);
      return http.call<Hold>('DELETE', `/holds/${seg(req.holdId)}`, { onBehalfOf: req.userId, repeatable: 'safe' });
    },
    async confirm(input) {
      const req = parseInput(confirmInput, input);
      const { holdId: _hold, userId: _user, idempotencyKey: _key, ...body } = input;
      return http.call<Booking>('POST', `/holds/${seg(req.holdId)}/confirm`, {
        body,
        idempotencyKey: req.idempotencyKey,
        onBehalfOf: req.userId,
        repeatable: 'by-key',
      });
    },
    async book(input) {
      const req = parseInput(bookInput, input);
      const { eventId: _event, userId: _user, idempotencyKey: _key, ...body } = input;
      const { bookingId: _id, ...booking } = await http.call<Booking & { bookingId: string }>('POST', `/bookings/${seg(req.eventId)}`, {
        body,
        idempotencyKey: req.idempotencyKey,
        onBehalfOf: req.userId,
        repeatable: 'by-key',
      });
      return booking;
    },
    async cancelBooking(input) {
      const req = parseInput(cancelInput, input);
      return http.call<Booking>('POST', `/bookings/${seg(req.bookingId)}/cancel`, {
        idempotencyKey: req.idempotencyKey,
        onBehalfOf: req.userId,
        repeatable: 'by-key',
        ...(req.asOperator ? { query: { asOperator: true } } : {}),
      });
    },
    async getBooking(bookingId, userId) {
      checkId('booking', bookingId, 'bookingId');
      if (userId !== undefined) parseInput(userIdSchema, userId, 'userId');
      return http.call<Booking>('GET', `/bookings/${seg(bookingId)}`, { onBehalfOf: userId });
    },
    async listBookings(filter) {
      if (filter.userId !== undefined) parseInput(userIdSchema, filter.userId, 'userId');
      if (filter.eventId !== undefined) checkId('event', filter.eventId, 'eventId');
      return http.call<Booking[]>('GET', '/bookings', {
        query: { eventId: filter.eventId, page: filter.page, pageSize: filter.pageSize },
        onBehalfOf: filter.userId,
      });
    },

    sweep: () => http.call<SweepReport>('POST', '/admin/sweep'),
    reconcilePayments: (opts = {}) =>
      http.call<ReconcileReport>('POST', '/admin/reconcile', { query: { abandonedAfterMs: opts.abandonedAfterMs, settleAfterMs: opts.settleAfterMs } }),
    async audit(eventId) {
      if (eventId !== undefined) checkId('event', eventId, 'eventId');
      return http.call('GET', '/admin/audit', { query: { eventId } });
    },
    outbox: (opts = {}) => http.call('GET', '/admin/outbox', { query: { undispatchedOnly: opts.undispatchedOnly, limit: opts.limit } }),
    subscribe: (listener) => feed.subscribe(listener),

    queue: remoteQueue(http, feed),
    ...remoteQueueAdmin(http),
    ...remoteInventory(http),

    watchEvent(eventId, handlers) {
      checkId('event', eventId, 'eventId');
      const watch = watchEvent(http, eventId, handlers);
      watches.add(watch);
      return {
        close: () => {
          watches.delete(watch);
          watch.close();
        },
      };
    },

    async close() {
      for (const watch of watches) watch.close();
      watches.clear();
      feed.close();
      await http.close();
    },
  };
}

/** A search query as query-string values (dates as ISO-8601, lists repeated). */
function searchQueryOf(query: SearchInput): Record<string, string | readonly string[] | undefined> {
  const out: Record<string, string | readonly string[] | undefined> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (value instanceof Date) out[key] = value.toISOString();
    else if (Array.isArray(value)) out[key] = value.map(String);
    else out[key] = String(value);
  }
  return out;
}
