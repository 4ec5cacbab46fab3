import { randomInt } from 'node:crypto';
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
import { randomIds, type IdGenerator } from './services/ids.js';
import { Sweeper } from './services/sweeper.js';

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
  /** Close the store when the BoxOffice is closed (default true). */
  ownsStore?: boolean;
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
  const holds = new HoldService(ctx, catalog);
  const bookings = new BookingService(ctx, holds);
  const sweeper = new Sweeper(ctx, holds);
  const stopSweeper = options.sweepIntervalMs ? sweeper.start(options.sweepIntervalMs) : null;

  return {
    storeKind: options.store.kind,
    createPerformer: (input) => catalog.createPerformer(input),
    createVenue: (input) => catalog.createVenue(input),
    createEvent: (input) => catalog.createEvent(input),
    updateEvent: (id, patch) => catalog.updateEvent(id, patch),
    getEvent: (id) => catalog.getEventView(id),
    listEvents: (opts) => catalog.listEvents(opts),
    getTickets: (id) => catalog.getTickets(id),
    hold: (input) => holds.hold(input),
    getHold: (id, userId) => holds.getHold(id, userId),
    releaseHold: (input) => holds.release(input),
    confirm: (input) => bookings.confirm(input),
    book: (input) => bookings.book(input),
    cancelBooking: (input) => bookings.cancel(input),
    getBooking: (id, userId) => bookings.getBooking(id, userId),
    listBookings: (filter) => bookings.listBookings(filter),
    sweep: () => sweeper.sweep(),
    reconcilePayments: (opts) => sweeper.reconcile(opts),
    audit: (eventId) => options.store.audit(eventId),
    outbox: (opts = {}) => options.store.listOutbox({ undispatchedOnly: opts.undispatchedOnly ?? false, limit: opts.limit ?? 100 }),
    subscribe: (listener) => bus.subscribe(listener),
    close: async () => {
      await stopSweeper?.();
      await bus.close();
      if (options.ownsStore !== false) await options.store.close();
    },
  };
}
