import type { z } from 'zod';
import { peekToken } from '../auth/token.js';
import type { BoxOffice, BoxOfficeResources } from '../box-office.js';
import { withDeprecatedCalls } from '../deprecated-calls.js';
import { BoxOfficeError } from '../domain/errors.js';
import type { Page } from '../domain/page.js';
import { PAGE_MEDIA_TYPE, SEARCH_RESULT_MEDIA_TYPE } from '../protocol/media-types.js';
import { pagedList } from '../paged-list.js';
import type { CallOptions } from '../resources.js';
import { searchInput, suggestInput } from '../domain/search-query.js';
import type { SearchInput } from '../domain/inputs.js';
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
import { remoteWebhooks } from './remote-webhooks.js';
import { HttpTransport, seg, type CallOptions as RequestOptions, type TransportOptions } from './transport.js';

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
  /**
   * Opens the client's keep-alive connections now (all of them by default, `connections` of
   * `connect`), so a burst of calls that follows does not wait for new connections to be
   * accepted one after another by a busy server.
   */
  preconnect(connections?: number): Promise<void>;
}

/** More connections than this at once is a mistake, not a warm-up. */
const MAX_PRECONNECT = 10_000;

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
 * Retries (`options.retry`, default 3 tries, `false` for one): reads, releases, the queue calls
 * a repeat leaves as they were (join, heartbeat, configure, pause, resume), and the calls the
 * server de-duplicates by idempotency key — hold, confirm, book, cancel, inventory, the queue's
 * leave and admission tick — are
 * tried again after a dropped connection or a 503 (honouring `Retry-After`), with exponential
 * backoff and jitter; those keyed calls get a generated `Idempotency-Key` when given none, the
 * same on every try, so a retry never books or charges twice. Every other call is tried again
 * only if its connection was refused (it never left). 429 is not retried.
 */
export function connect(url: string, options: ConnectOptions = {}): RemoteBoxOffice {
  const http = new HttpTransport({ url, ...options });
  const feed = new LiveFeed(http);
  const watches = new Set<EventWatch>();

  const tokenUser = options.token === undefined ? undefined : peekToken(options.token)?.userId;
  /** The user a call acts for: named in the call (an admin acting for them), else the token's. */
  const actingUser = (call: CallOptions | undefined): string => {
    if (call?.userId !== undefined) return call.userId;
    if (tokenUser !== undefined) return tokenUser;
    throw new BoxOfficeError('UNAUTHORIZED', 'userId: connect with a token, or name the user in the call options ({ userId })', { field: 'userId' });
  };
  /** The input as the embedded SDK checks it (same errors, before any request), and its headers. */
  const checked = <T extends { userId: string; idempotencyKey?: string | undefined }>(schema: z.ZodType<T>, request: object, call: CallOptions | undefined) => {
    const req = parseInput(schema, { ...request, userId: actingUser(call), ...(call?.idempotencyKey === undefined ? {} : { idempotencyKey: call.idempotencyKey }) });
    return { req, headers: { idempotencyKey: req.idempotencyKey, onBehalfOf: call?.userId } };
  };
  const page = <T>(path: string, query: RequestOptions['query'], onBehalfOf?: string) =>
    http.call<Page<T>>('GET', path, { query, accept: PAGE_MEDIA_TYPE, onBehalfOf });

  const resources: BoxOfficeResources = {
    storeKind: 'remote',
    events: {
      async create(input) {
        parseInput(eventInput, input);
        return http.call<Event>('POST', '/admin/events', { body: input });
      },
      async update(eventId, patch) {
        checkId('event', eventId, 'eventId');
        parseInput(eventPatch, patch);
        return http.call<Event>('PATCH', `/admin/events/${seg(eventId)}`, { body: patch });
      },
      async get(eventId) {
        checkId('event', eventId, 'eventId');
        return http.call<EventView>('GET', `/events/${seg(eventId)}`);
      },
      list: (opts = {}) => pagedList((n) => page<Event>('/events', { page: n, pageSize: opts.pageSize, includePast: opts.includePast }), opts.page),
      async tickets(eventId) {
        checkId('event', eventId, 'eventId');
        return http.call<Ticket[]>('GET', `/events/${seg(eventId)}/tickets`);
      },
      async search(query: SearchInput = {}) {
        parseInput(searchInput, query ?? {});
        return http.call<SearchResult>('GET', '/events/search', { query: searchQueryOf(query ?? {}), accept: SEARCH_RESULT_MEDIA_TYPE });
      },
      async suggest(prefix, opts = {}) {
        parseInput(suggestInput, { prefix, ...opts });
        return http.call<Suggestion[]>('GET', '/events/suggest', { query: { prefix, limit: opts.limit } });
      },
    },
    venues: {
      async create(input) {
        parseInput(venueInput, input);
        return http.call<Venue>('POST', '/admin/venues', { body: input });
      },
    },
    performers: {
      async create(input) {
        parseInput(performerInput, input);
        return http.call<Performer>('POST', '/admin/performers', { body: input });
      },
    },
    holds: {
      async create(request, call) {
        const { headers } = checked(holdInput, request, call);
        return http.call<Hold>('POST', '/holds', { body: request, ...headers, repeatable: 'by-key' });
      },
      async get(holdId, call) {
        checkId('hold', holdId, 'holdId');
        if (call?.userId !== undefined) parseInput(userIdSchema, call.userId, 'userId');
        return http.call<Hold>('GET', `/holds/${seg(holdId)}`, { onBehalfOf: call?.userId });
      },
      async release(holdId, call) {
        checked(releaseInput, { holdId }, call);
        return http.call<Hold>('DELETE', `/holds/${seg(holdId)}`, { onBehalfOf: call?.userId, repeatable: 'safe' });
      },
    },
    bookings: {
      async confirm(request, call) {
        const { req, headers } = checked(confirmInput, request, call);
        const { holdId: _hold, ...body } = request;
        return http.call<Booking>('POST', `/holds/${seg(req.holdId)}/confirm`, { body, ...headers, repeatable: 'by-key' });
      },
      async book(request, call) {
        const { req, headers } = checked(bookInput, request, call);
        const { eventId: _event, ...body } = request;
        const { bookingId: _id, ...booking } = await http.call<Booking & { bookingId: string }>('POST', `/bookings/${seg(req.eventId)}`, { body, ...headers, repeatable: 'by-key' });
        return booking;
      },
      async cancel(bookingId, { asOperator, ...call } = {}) {
        const { req, headers } = checked(cancelInput, { bookingId, ...(asOperator === undefined ? {} : { asOperator }) }, call);
        return http.call<Booking>('POST', `/bookings/${seg(req.bookingId)}/cancel`, { ...headers, repeatable: 'by-key', ...(req.asOperator ? { query: { asOperator: true } } : {}) });
      },
      async get(bookingId, call) {
        checkId('booking', bookingId, 'bookingId');
        if (call?.userId !== undefined) parseInput(userIdSchema, call.userId, 'userId');
        return http.call<Booking>('GET', `/bookings/${seg(bookingId)}`, { onBehalfOf: call?.userId });
      },
      list(filter = {}, call = {}) {
        if (call.userId !== undefined) parseInput(userIdSchema, call.userId, 'userId');
        if (filter.eventId !== undefined) checkId('event', filter.eventId, 'eventId');
        return pagedList((n) => page<Booking>('/bookings', { eventId: filter.eventId, page: n, pageSize: filter.pageSize }, call.userId), filter.page);
      },
    },
    queue: { ...remoteQueue(http, feed), ...remoteQueueAdmin(http) },
    inventory: remoteInventory(http),
    operations: {
      sweep: () => http.call<SweepReport>('POST', '/admin/sweep'),
      reconcilePayments: (opts = {}) =>
        http.call<ReconcileReport>('POST', '/admin/reconcile', { query: { abandonedAfterMs: opts.abandonedAfterMs, settleAfterMs: opts.settleAfterMs } }),
      async audit(eventId) {
        if (eventId !== undefined) checkId('event', eventId, 'eventId');
        return http.call('GET', '/admin/audit', { query: { eventId } });
      },
      outbox: (opts = {}) => http.call('GET', '/admin/outbox', { query: { undispatchedOnly: opts.undispatchedOnly, limit: opts.limit } }),
      ping: async () => void (await http.call('GET', '/readyz')),
    },
    webhooks: remoteWebhooks(http),
    subscribe: (listener) => feed.subscribe(listener),

    async close() {
      for (const watch of watches) watch.close();
      watches.clear();
      feed.close();
      await http.close();
    },
  };

  return Object.assign(withDeprecatedCalls(resources), {
    url,
    async preconnect(connections?: number): Promise<void> {
      if (connections !== undefined && !(Number.isInteger(connections) && connections >= 1 && connections <= MAX_PRECONNECT)) {
        throw new BoxOfficeError('VALIDATION', `connections: must be a whole number from 1 to ${MAX_PRECONNECT}`, { field: 'connections' });
      }
      await http.preconnect(connections);
    },
    watchEvent(eventId: string, handlers: EventWatchHandlers): EventWatch {
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
  });
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
