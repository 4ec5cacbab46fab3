import { randomBytes, randomInt } from 'node:crypto';
import { InProcessEventBus } from './adapters/bus/in-process-bus.js';
import type { BoxOffice, BoxOfficeResources } from './box-office.js';
import { withDeprecatedCalls } from './deprecated-calls.js';
import { pagedList } from './paged-list.js';
import type { CallOptions } from './resources.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { EventBus } from './ports/event-bus.js';
import type { PaymentGateway } from './ports/payments.js';
import type { Store } from './ports/store.js';
import { BookingService } from './services/booking-service.js';
import { CatalogService } from './services/catalog-service.js';
import type { ServiceContext } from './services/context.js';
import { HoldService } from './services/hold-service.js';
import { InventoryService } from './services/inventory-service.js';
import { randomIds, type IdGenerator } from './services/ids.js';
import { Sweeper } from './services/sweeper.js';
import { createLunrSearch, type LunrSearchOptions } from './adapters/search/lunr/index.js';
import type { SearchIndex } from './ports/search.js';
import type { SearchCache } from './ports/search-cache.js';
import { polled, SearchResultCache } from './services/search-result-cache.js';
import { SearchService } from './services/search-service.js';
import { MemoryQueue } from './adapters/queue/memory/memory-queue.js';
import type { QueuePort } from './ports/queue.js';
import { QueueService } from './services/queue-service.js';
import type { Booking } from './domain/types.js';
import { invalid } from './domain/errors.js';
import type { WebhookStore } from './ports/webhooks.js';
import type { WebhookTargetOptions } from './webhooks/endpoint-input.js';
import { webhookService } from './services/webhook-service.js';

export interface CreateBoxOfficeOptions {
  store: Store;
  /** The payment gateway. There is no default: the test gateway must be chosen explicitly. */
  payments: PaymentGateway;
  bus?: EventBus;
  clock?: Clock;
  ids?: IdGenerator;
  random?: () => number;
  /** Run the sweeper and reconciler every N ms in this process (off when omitted or 0). */
  sweepIntervalMs?: number;
  /** The search index (default: lunr over the store's catalog, owned and closed by this BoxOffice). */
  search?: SearchIndex;
  /**
   * Options of the default lunr index (ignored with `search`): where to save it between
   * processes, whether to build at once, what queries get until it is built (a server:
   * `{ buildAtStart: true, whileBuilding: 'unavailable' }` or the SQL index).
   */
  lunr?: Omit<LunrSearchOptions, 'store'>;
  /**
   * Caches search and suggestion results (off by default; the caller closes it): memory for
   * one process, Redis shared by all. Adds up to `maxTtlMs` (default 15 s) of availability lag.
   */
  searchCache?: SearchCache | { cache: SearchCache; minTtlMs?: number; maxTtlMs?: number };
  /** Close the store when the BoxOffice is closed (default true). */
  ownsStore?: boolean;
  /** The waiting-queue adapter (default: in-process memory, owned and closed by this BoxOffice). */
  queue?: QueuePort;
  queueOptions?: QueueOptions;
  /** `bo.webhooks`: where endpoints are kept and which targets registration accepts. */
  webhooks?: WebhookOptions;
}

export interface WebhookOptions extends WebhookTargetOptions {
  /**
   * The webhook store (default: the store's own port, `store.webhooks`); null: none, and every
   * `bo.webhooks` call answers UNAVAILABLE. Give the dispatcher delivering them the same store
   * and the same `allowPrivateTargets`.
   */
  store?: WebhookStore | null;
}

export interface QueueOptions {
  /**
   * The secret admission tokens are signed with: the deployment secret, the same in every
   * process sharing a queue (default: random per BoxOffice, fine for one process only).
   */
  secret?: string;
  /** Run the admission tick every N ms in this process (off when omitted or 0). */
  admitIntervalMs?: number;
  /** Randomized draws' seeds, 64 hex digits (default: 32 crypto-random bytes). For tests. */
  newSeed?: () => string;
  /** How long after an event's end its queue's data is kept (on Redis its keys expire then; default 7 days). */
  retentionMs?: number;
  /** How long a process trusts "this event has no queue" (default 500 ms; see QueueGateCache). */
  gateTtlMs?: number;
}

/** In-process, a buyer's call must say who the buyer is (over HTTP the token says it). */
function buyer(userId: string | undefined): string {
  if (userId === undefined) throw invalid('userId', 'required: name the user in the call options ({ userId })');
  return userId;
}

/** Wires the services over the given ports into the in-process `BoxOffice`. */
export function createBoxOffice(options: CreateBoxOfficeOptions): BoxOffice {
  const bus = options.bus ?? new InProcessEventBus();
  const ctx: ServiceContext = {
    store: options.store,
    payments: options.payments,
    bus,
    clock: options.clock ?? systemClock,
    ids: options.ids ?? randomIds,
    random: options.random ?? (() => randomInt(0, 2 ** 32) / 2 ** 32),
  };
  const catalog = new CatalogService(ctx);
  const queueAdapter = options.queue ?? new MemoryQueue({ clock: ctx.clock });
  const queue = new QueueService(ctx, catalog, {
    queue: queueAdapter,
    secret: options.queueOptions?.secret ?? randomBytes(32).toString('hex'),
    ...(options.queueOptions?.newSeed ? { newSeed: options.queueOptions.newSeed } : {}),
    ...(options.queueOptions?.retentionMs !== undefined ? { retentionMs: options.queueOptions.retentionMs } : {}),
    ...(options.queueOptions?.gateTtlMs !== undefined ? { gateTtlMs: options.queueOptions.gateTtlMs } : {}),
  });
  const admitEvery = options.queueOptions?.admitIntervalMs;
  const stopAdmission = admitEvery ? queue.admission.start(admitEvery) : null;
  /** A booking frees its buyer's queue slot and may sell the event out: the queue hears of it at once. */
  const booked = async (booking: Booking): Promise<Booking> => {
    await queue.completed(booking.eventId, booking.userId).catch(() => undefined);
    return booking;
  };
  const holds = new HoldService(ctx, catalog, queue);
  const bookings = new BookingService(ctx, holds);
  const inventory = new InventoryService(ctx, catalog, (eventId) => void queue.admission.refreshInventory(eventId).catch(() => undefined));
  const sweeper = new Sweeper(ctx, holds);
  const stopSweeper = options.sweepIntervalMs ? sweeper.start(options.sweepIntervalMs) : null;
  const searchIndex = options.search ?? createLunrSearch({ ...options.lunr, store: options.store });
  const search = new SearchService(searchIndex, resultCache(options, searchIndex), () => ctx.clock.now());
  const stopSearchFeed = bus.subscribe((e) => searchIndex.availabilityChanged([e.eventId]));

  const acting = <T>(request: T, call: CallOptions = {}) => ({ ...request, userId: buyer(call.userId), idempotencyKey: call.idempotencyKey });
  const queueUser = <T extends { userId?: string }>(input: T, call: Pick<CallOptions, 'userId'> = {}) => ({ ...input, userId: buyer(call.userId ?? input.userId) });
  const resources: BoxOfficeResources = {
    storeKind: options.store.kind,
    events: {
      create: (input) => catalog.createEvent(input),
      update: (id, patch) => catalog.updateEvent(id, patch),
      get: (id) => catalog.getEventView(id),
      list: (opts = {}) => pagedList((page) => catalog.listEvents({ ...opts, page }), opts.page),
      tickets: (id) => catalog.getTickets(id),
      search: (query) => search.search(query),
      suggest: (prefix, opts) => search.suggest(prefix, opts),
    },
    venues: { create: (input) => catalog.createVenue(input) },
    performers: { create: (input) => catalog.createPerformer(input) },
    holds: {
      create: (request, call) => holds.hold(acting(request, call)),
      get: (id, call) => holds.getHold(id, call?.userId),
      release: (holdId, call) => holds.release({ holdId, userId: buyer(call?.userId) }),
    },
    bookings: {
      confirm: (request, call) => bookings.confirm(acting(request, call)).then(booked),
      book: (request, call) => bookings.book(acting(request, call)).then(booked),
      cancel: (bookingId, { asOperator, ...call } = {}) => bookings.cancel({ ...acting({ bookingId }, call), ...(asOperator === undefined ? {} : { asOperator }) }),
      get: (id, call) => bookings.getBooking(id, call?.userId),
      list: (filter = {}, call = {}) =>
        pagedList((page) => bookings.listBookings({ ...filter, page, ...(call.userId === undefined ? {} : { userId: call.userId }) }), filter.page),
    },
    queue: {
      join: (input, call) => queue.join(queueUser(input, call)),
      status: (input, call) => queue.status(queueUser(input, call)),
      heartbeat: (input, call) => queue.heartbeat(queueUser(input, call)),
      leave: (input, call) => queue.leave(queueUser(input, call)),
      drawOrder: (eventId, opts) => queue.drawOrder(eventId, opts),
      board: (eventId) => queue.board(eventId),
      subscribe: (listener) => queue.subscribe(listener),
      configure: (eventId, settings) => queue.configure(eventId, settings),
      pause: (eventId) => queue.setPaused(eventId, true),
      resume: (eventId) => queue.setPaused(eventId, false),
      stats: (eventId) => queue.stats(eventId),
      admit: () => queue.admitTick(),
    },
    inventory: {
      block: (request, call) => inventory.block({ ...request, idempotencyKey: call?.idempotencyKey }),
      unblock: (request, call) => inventory.unblock({ ...request, idempotencyKey: call?.idempotencyKey }),
      reprice: (request, call) => inventory.reprice({ ...request, idempotencyKey: call?.idempotencyKey }),
    },
    operations: {
      sweep: () => sweeper.sweep(),
      reconcilePayments: (opts) => sweeper.reconcile(opts),
      audit: (eventId) => options.store.audit(eventId),
      outbox: (opts = {}) => options.store.listOutbox({ undispatchedOnly: opts.undispatchedOnly ?? false, limit: opts.limit ?? 100 }),
      // The clock read is one round trip on every store (`SELECT bo_now()` on SQL), never a scan.
      ping: async () => void (await options.store.now()),
    },
    webhooks: webhookService(webhookStoreOf(options), {
      clock: ctx.clock,
      allowPrivateTargets: options.webhooks?.allowPrivateTargets ?? false,
      ...(options.webhooks?.lookup ? { lookup: options.webhooks.lookup } : {}),
    }),
    subscribe: (listener) => bus.subscribe(listener),
    close: async () => {
      await stopAdmission?.();
      if (options.queue === undefined) await queueAdapter.close();
      await stopSweeper?.();
      stopSearchFeed();
      if (options.search === undefined) await searchIndex.close();
      await bus.close();
      if (options.ownsStore !== false) await options.store.close();
    },
  };
  return withDeprecatedCalls(resources);
}

/** The webhook store chosen: the one given, none (null), or the store's own port. */
function webhookStoreOf(options: CreateBoxOfficeOptions): WebhookStore | undefined {
  const given = options.webhooks?.store;
  if (given === null) return undefined;
  return given ?? options.store.webhooks;
}

/** The result cache, keyed by the index's serving version (else the store's, read at most once a second). */
function resultCache(options: CreateBoxOfficeOptions, index: SearchIndex): SearchResultCache | undefined {
  const given = options.searchCache;
  if (!given) return undefined;
  const { cache, ...ttl } = 'cache' in given ? given : { cache: given };
  const store = options.store;
  const version = index.servingVersion
    ? async () => index.servingVersion!()
    : store.catalogVersion
      ? polled(() => store.catalogVersion!(), 1000)
      : async () => null;
  return new SearchResultCache({ cache, version, ...ttl });
}
