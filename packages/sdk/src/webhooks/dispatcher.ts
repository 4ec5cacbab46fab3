import type { LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
import type { AttemptResult, ClaimedDelivery, WebhookStore } from '../ports/webhooks.js';
import { DEFAULT_RETRY_DELAYS_MS, retryDelayMs } from './backoff.js';
import { guardedLookup, hostOf, isRefusedAddress, REFUSED_DESTINATION_CODE, REFUSED_DESTINATION_REASON } from './destination.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signWebhookPayload } from './signature.js';

export interface WebhookDispatcherOptions {
  readonly store: WebhookStore;
  /** Longest wait for a receiver's answer (default 10 s): no answer counts as a failed attempt. */
  readonly timeoutMs?: number;
  /** Waits before attempts 2, 3, ...; attempts = this length + 1 (default: DEFAULT_RETRY_DELAYS_MS). */
  readonly retryDelaysMs?: readonly number[];
  /** Spread of each wait, as a fraction (default 0.2: ±20 %). */
  readonly jitter?: number;
  readonly random?: () => number;
  /** Outbox messages fanned out and deliveries claimed per round (default 50). */
  readonly batchSize?: number;
  /** How long a claimed delivery is not retaken by others (default: timeout + 30 s). */
  readonly leaseMs?: number;
  /**
   * Deliver to loopback, private, link-local and metadata addresses too (default false: such a
   * delivery is a failed attempt, see destination.ts). Must match the registration's setting.
   */
  readonly allowPrivateTargets?: boolean;
  /**
   * Resolves receivers' host names (default `dns.lookup`). Whatever it answers, the address
   * connected to is checked against the refused ranges unless `allowPrivateTargets`.
   */
  readonly lookup?: LookupFunction;
  /** Told of a round that failed (the store unreachable...); the next round tries again. */
  readonly onError?: (error: unknown) => void;
  /**
   * Finished deliveries (and their attempts) older than this are deleted, so the table does not
   * grow forever (default 7 days; 0 keeps them all). Pruned at most once per `pruneEveryMs`.
   */
  readonly retentionMs?: number;
  /** How often a round also prunes (default 1 hour). */
  readonly pruneEveryMs?: number;
}

export interface DispatchReport {
  readonly fannedOut: number;
  readonly attempted: number;
  readonly delivered: number;
  readonly failed: number;
  readonly retrying: number;
  /** Finished deliveries deleted by this round's pruning (0 when it did not prune). */
  readonly pruned: number;
}

const PRUNE_BATCH = 1000;

const USER_AGENT = 'BoxOffice-Webhooks/1';
const MAX_ERROR_LENGTH = 500;

/**
 * Delivers webhooks: each round fans new outbox messages out into deliveries, claims the
 * deliveries that are due and POSTs each, signed, to its endpoint; 2xx is delivered, anything
 * else (another status, a redirect, a timeout, a refused connection) is retried on the backoff
 * schedule and FAILED after the last attempt. One slow or dead endpoint never holds up others:
 * a round's deliveries run concurrently, each bounded by the timeout. Safe in every process at
 * once (the store claims atomically); at-least-once, so receivers dedupe by event id.
 */
export class WebhookDispatcher {
  readonly #store: WebhookStore;
  readonly #timeoutMs: number;
  readonly #delays: readonly number[];
  readonly #jitter: number;
  readonly #random: () => number;
  readonly #batchSize: number;
  readonly #leaseMs: number;
  readonly #allowPrivate: boolean;
  readonly #lookup: LookupFunction | undefined;
  /** Delivery connections; its `lookup` checks the address each socket connects to. */
  #agent: Agent | undefined;
  readonly #onError: (error: unknown) => void;
  readonly #retentionMs: number;
  readonly #pruneEveryMs: number;
  #prunedAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();
  #stopped = true;
  #intervalMs = 1000;

  constructor(options: WebhookDispatcherOptions) {
    this.#store = options.store;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.#jitter = options.jitter ?? 0.2;
    this.#random = options.random ?? Math.random;
    this.#batchSize = options.batchSize ?? 50;
    this.#leaseMs = options.leaseMs ?? this.#timeoutMs + 30_000;
    this.#allowPrivate = options.allowPrivateTargets ?? false;
    this.#lookup = options.lookup;
    this.#onError = options.onError ?? (() => undefined);
    this.#retentionMs = options.retentionMs ?? 7 * 86_400_000;
    this.#pruneEveryMs = options.pruneEveryMs ?? 3_600_000;
  }

  /** One round: fan out, claim what is due, deliver it all. */
  async runOnce(): Promise<DispatchReport> {
    const { deliveries: fannedOut } = await this.#store.fanOut(this.#batchSize);
    const claimed = await this.#store.claimDue(this.#batchSize, this.#leaseMs);
    const outcomes = await Promise.all(claimed.map((c) => this.#deliver(c)));
    const pruned = await this.#prune();
    return {
      fannedOut,
      attempted: claimed.length,
      delivered: outcomes.filter((o) => o === 'delivered').length,
      failed: outcomes.filter((o) => o === 'failed').length,
      retrying: outcomes.filter((o) => o === 'retry').length,
      pruned,
    };
  }

  /** Deletes old finished deliveries, at most once per `pruneEveryMs` in this process. */
  async #prune(): Promise<number> {
    if (this.#retentionMs <= 0 || performance.now() - this.#prunedAt < this.#pruneEveryMs) return 0;
    this.#prunedAt = performance.now();
    return this.#store.pruneDeliveries(this.#retentionMs, PRUNE_BATCH);
  }

  /** Runs a round every `intervalMs` (rounds never overlap) until `stop()`. */
  start(intervalMs = 1000): void {
    this.#intervalMs = intervalMs;
    this.#stopped = false;
    this.#schedule(intervalMs);
  }

  /** Runs a round soon (a ping was queued) instead of at the next interval. */
  wake(): void {
    if (!this.#stopped) this.#schedule(0);
  }

  /** Stops the rounds, waits for the one in flight and closes the delivery connections. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
    const agent = this.#agent;
    this.#agent = undefined;
    await agent?.close();
  }

  #connections(): Agent {
    if (this.#agent) return this.#agent;
    // Without the guard, a given lookup still applies (a name resolved the way the caller wants).
    const lookup = this.#allowPrivate ? this.#lookup : guardedLookup(this.#lookup);
    this.#agent = new Agent(lookup ? { connect: { lookup } } : {});
    return this.#agent;
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#running
        .then(() => (this.#stopped ? undefined : this.runOnce()))
        .catch((error: unknown) => this.#onError(error))
        .finally(() => {
          if (!this.#stopped && this.#timer === undefined) this.#schedule(this.#intervalMs);
        });
    }, delayMs);
    this.#timer.unref();
  }

  async #deliver(claim: ClaimedDelivery): Promise<AttemptResult['outcome']['kind']> {
    const body = JSON.stringify({ id: claim.event.id, type: claim.event.type, createdAt: claim.event.createdAt, data: claim.event.data });
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      // An address literal never reaches `lookup`: checked here. Names are checked as they resolve.
      if (!this.#allowPrivate && isRefusedAddress(hostOf(new URL(claim.url)))) throw Object.assign(new Error(REFUSED_DESTINATION_REASON), { code: REFUSED_DESTINATION_CODE });
      const response = await fetch(claim.url, {
        dispatcher: this.#connections(),
        method: 'POST',
        body,
        redirect: 'manual', // a redirect is not a delivery: the endpoint's URL must be the real one
        signal: AbortSignal.timeout(this.#timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          [EVENT_ID_HEADER]: claim.event.id,
          'BoxOffice-Delivery-Id': claim.id,
          [SIGNATURE_HEADER]: signWebhookPayload(claim.secret, body, Math.floor(Date.now() / 1000)),
        },
      });
      statusCode = response.status;
      await response.body?.cancel().catch(() => undefined); // the answer's body is not needed
      if (statusCode < 200 || statusCode > 299) error = `HTTP ${statusCode}`;
    } catch (caught) {
      error = describeFailure(caught, this.#timeoutMs);
    }
    const durationMs = Math.round(performance.now() - started);
    let outcome: AttemptResult['outcome'];
    if (error === null) outcome = { kind: 'delivered' };
    else {
      const wait = retryDelayMs(claim.attempt, this.#delays, this.#jitter, this.#random);
      outcome = wait === null ? { kind: 'failed' } : { kind: 'retry', retryInMs: wait };
    }
    try {
      await this.#store.recordAttempt({ deliveryId: claim.id, attempt: claim.attempt, statusCode, durationMs, error, outcome });
    } catch (caught) {
      // Not recorded: the lease runs out and the delivery is tried again (at-least-once).
      this.#onError(caught);
    }
    return outcome.kind;
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (refused(error)) return REFUSED_DESTINATION_REASON;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return (detail ? `${message} (${detail})` : message).slice(0, MAX_ERROR_LENGTH);
}

/** A refused destination, thrown here or by the guarded lookup (then as fetch's cause). */
function refused(error: unknown): boolean {
  const code = (e: unknown) => (e instanceof Error ? (e as NodeJS.ErrnoException).code : undefined);
  return code(error) === REFUSED_DESTINATION_CODE || (error instanceof Error && code(error.cause) === REFUSED_DESTINATION_CODE);
}
