import type { Clock } from '../ports/clock.js';
import type { EventBus } from '../ports/event-bus.js';
import type { PaymentGateway } from '../ports/payments.js';
import type { Store } from '../ports/store.js';
import type { IdGenerator } from './ids.js';

/** What every service is built from: the ports, plus ids and randomness. */
export interface ServiceContext {
  readonly store: Store;
  readonly payments: PaymentGateway;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** A number in [0, 1): spreads best-available buyers among equal blocks. */
  readonly random: () => number;
}
