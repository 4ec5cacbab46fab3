/**
 * The webhook store port: admin-registered endpoints, the deliveries fanned out to them from
 * the outbox, and every attempt made. It is part of the store (`Store.webhooks`) rather than a
 * service with its own database because a delivery must be created from the SAME outbox rows
 * the booking transactions write, atomically with marking them dispatched: only the store that
 * holds the outbox can do that in one step, and every server process then sees one truth.
 *
 * Concurrency: `fanOut` and `claimDue` are safe when many processes call them at once (row
 * locks with SKIP LOCKED on PostgreSQL; synchronous check-and-set in memory). Delivery is
 * at-least-once: a process that dies after POSTing but before `recordAttempt` leaves the
 * delivery to be re-claimed when its lease ends, so receivers dedupe by event id.
 *
 * Time: due times and leases use the store's clock (so tests move them with `advanceClock`).
 * Not covered here: HTTP, signing and the retry schedule (the dispatcher's job).
 */
export interface WebhookStore {
  createEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  /** Every endpoint, oldest first, without secrets. */
  listEndpoints(): Promise<WebhookEndpointSummary[]>;
  getEndpoint(id: string): Promise<WebhookEndpointSummary | null>;
  /** Removes the endpoint and its deliveries (pending ones are never sent). False if unknown. */
  deleteEndpoint(id: string): Promise<boolean>;
  /**
   * Takes up to `limit` undispatched outbox messages, creates one PENDING delivery (due now) per
   * endpoint subscribed to each message's topic, and marks the messages dispatched: all in one
   * step, so a message is fanned out once whatever the number of callers.
   */
  fanOut(limit: number): Promise<{ messages: number; deliveries: number }>;
  /** Creates one PENDING delivery, due now, of `event` to one endpoint (the ping). Null if unknown. */
  enqueue(endpointId: string, event: WebhookEvent): Promise<WebhookDelivery | null>;
  /**
   * Claims up to `limit` PENDING deliveries that are due: each one's attempt count goes up by
   * one and it is not due again for `leaseMs` (so a crashed claimer's delivery is retried).
   */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Records attempt number `attempt` of a delivery and its outcome: DELIVERED, FAILED, or due
   * again `retryInMs` from now. Ignored (false) when the claim is stale: another claimer has
   * since taken the delivery, or it is no longer PENDING.
   */
  recordAttempt(result: AttemptResult): Promise<boolean>;
  /** The most recent deliveries of an endpoint, newest first, each with its attempts. */
  listDeliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]>;
  /**
   * Deletes up to `limit` finished deliveries (DELIVERED or FAILED) created more than
   * `retentionMs` ago by the store's clock, with their attempts; returns how many. Pending
   * deliveries are never pruned. Safe in every process at once.
   */
  pruneDeliveries(retentionMs: number, limit: number): Promise<number>;
}

export interface NewWebhookEndpoint {
  readonly id: string;
  readonly url: string;
  /** Topics subscribed to; null: every topic. */
  readonly topics: readonly string[] | null;
  readonly description: string | null;
  readonly secret: string;
}

export interface WebhookEndpointSummary {
  readonly id: string;
  readonly url: string;
  readonly topics: readonly string[] | null;
  readonly description: string | null;
  readonly createdAt: string;
}

export interface WebhookEndpoint extends WebhookEndpointSummary {
  readonly secret: string;
}

/** What is delivered: the body is `{ id, type, createdAt, data }`. */
export interface WebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly createdAt: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface WebhookAttempt {
  readonly attempt: number;
  readonly at: string;
  /** The receiver's HTTP status, or null when none came (timeout, refused connection...). */
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
}

export interface WebhookDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly event: WebhookEvent;
  readonly status: WebhookDeliveryStatus;
  /** Attempts started so far. */
  readonly attemptCount: number;
  readonly nextAttemptAt: string | null;
  readonly createdAt: string;
  readonly attempts: readonly WebhookAttempt[];
}

/** An endpoint as `bo.webhooks.get` shows it: with its most recent deliveries, newest first. */
export interface WebhookEndpointDetail extends WebhookEndpointSummary {
  readonly deliveries: readonly WebhookDelivery[];
}

/** The ping `bo.webhooks.test` queued: follow its delivery on the endpoint (`bo.webhooks.get`). */
export interface WebhookPing {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly type: string;
  readonly status: WebhookDeliveryStatus;
}

export interface ClaimedDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly url: string;
  readonly secret: string;
  readonly event: WebhookEvent;
  /** The number of the attempt this claim is for (1 for the first). */
  readonly attempt: number;
}

export interface AttemptResult {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly statusCode: number | null;
  readonly durationMs: number;
  readonly error: string | null;
  readonly outcome: { readonly kind: 'delivered' } | { readonly kind: 'failed' } | { readonly kind: 'retry'; readonly retryInMs: number };
}
