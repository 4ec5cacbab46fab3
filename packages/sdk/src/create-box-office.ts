import { randomBytes, randomInt } from 'node:crypto';
import { InProcessEventBus } from './adapters/bus/in-process-bus.js';
import type { BoxOffice } from './box-office.js';
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

  return {
    storeKind: options.store.kind,
    createPerformer: (input) => catalog.createPerformer(input),
    createVenue: (input) => catalog.createVenue(input),
    createEvent: (input) => catalog.createEvent(input),
    updateEvent: (id, patch) => catalog.updateEvent(id, patch),
    getEvent: (id) => catalog.getEventView(id),
    listEvents: (opts) => catalog.listEvents(opts),
    getTickets: (id) => catalog.getTickets(id),
    searchEvents: (query) => search.search(query),
    suggest: (prefix, opts) => search.suggest(prefix, opts),
    hold: (input) => holds.hold(input),
    getHold: (id, userId) => holds.getHold(id, userId),
    releaseHold: (input) => holds.release(input),
    confirm: (input) => bookings.confirm(input).then(booked),
    book: (input) => bookings.book(input).then(booked),
    cancelBooking: (input) => bookings.cancel(input),
    getBooking: (id, userId) => bookings.getBooking(id, userId),
    listBookings: (filter) => bookings.listBookings(filter),
    blockTickets: (input) => inventory.block(input),
    unblockTickets: (input) => inventory.unblock(input),
    repriceTickets: (input) => inventory.reprice(input),
    sweep: () => sweeper.sweep(),
    reconcilePayments: (opts) => sweeper.reconcile(opts),
    audit: (eventId) => options.store.audit(eventId),
    outbox: (opts = {}) => options.store.listOutbox({ undispatchedOnly: opts.undispatchedOnly ?? false, limit: opts.limit ?? 100 }),
    subscribe: (listener) => bus.subscribe(listener),
    queue: {
      join: (input) => queue.join(input),
      status: (input) => queue.status(input),
      heartbeat: (input) => queue.heartbeat(input),
      leave: (input) => queue.leave(input),
      drawOrder: (eventId, opts) => queue.drawOrder(eventId, opts),
      subscribe: (listener) => queue.subscribe(listener),
    },
    configureQueue: (eventId, settings) => queue.configure(eventId, settings),
    pauseQueue: (eventId) => queue.setPaused(eventId, true),
    resumeQueue: (eventId) => queue.setPaused(eventId, false),
    queueStats: (eventId) => queue.stats(eventId),
    admitQueues: () => queue.admitTick(),
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
