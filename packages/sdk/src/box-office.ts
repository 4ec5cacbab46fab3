import type { DomainEvent } from './domain/types.js';
import type { DeprecatedCalls } from './deprecated-calls.js';
import type { BookingsResource, EventsResource, HoldsResource, InventoryResource, OperationsResource, PerformersResource, QueueResource, VenuesResource, WebhooksResource } from './resources.js';

/**
 * The one public interface of BoxOffice, grouped by resource. `createBoxOffice()` implements
 * it in-process over a store; `connect()` implements it over HTTP. The CLI and the simulator
 * are written against it, so they work the same embedded or against a deployment.
 *
 * Calls that act for a user or change state take per-call options (`{ userId, idempotencyKey }`)
 * as their last argument; lists answer a `Page` and iterate over every page with `for await`.
 * The flat names of 0.1 (`hold`, `confirm`, `listEvents`…) still work, marked deprecated, and
 * go in the next minor version.
 */
export interface BoxOffice extends DeprecatedCalls {
  /** Which store serves this instance (`memory`, `pglite`, `postgres`, `remote`). */
  readonly storeKind: string;
  readonly events: EventsResource;
  readonly venues: VenuesResource;
  readonly performers: PerformersResource;
  readonly holds: HoldsResource;
  readonly bookings: BookingsResource;
  /** The virtual waiting queue: join, status, heartbeat, leave (buyers); configure, pause, stats (operators). */
  readonly queue: QueueResource;
  readonly inventory: InventoryResource;
  readonly operations: OperationsResource;
  /** Webhook endpoints (admin): register, list, inspect deliveries, ping, remove. */
  readonly webhooks: WebhooksResource;
  /** Domain events (ticket state changes) as they commit. Returns the unsubscribe function. */
  subscribe(listener: (event: DomainEvent) => void): () => void;
  close(): Promise<void>;
}

/** What an implementation builds; `withDeprecatedCalls` adds the 0.1 names over it. */
export type BoxOfficeResources = Omit<BoxOffice, keyof DeprecatedCalls>;
