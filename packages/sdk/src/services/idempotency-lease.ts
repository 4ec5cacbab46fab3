import { randomBytes } from 'node:crypto';
import type { IdempotencyLease, IdempotencyStore } from '../ports/store.js';

/**
 * How long a claim on an idempotency key lasts unless renewed. Short, so a retry after its
 * owner died (a killed process, a lost connection) is served a few seconds later — well within
 * a hold's lifetime, where a fixed 60 s wait made a correct retry lose the seats.
 */
export const IDEMPOTENCY_LEASE_MS = 4_000;
/** How often a live owner renews its lease: three renewals fit in one lease, so one slow or failed renewal does not lose it. */
export const IDEMPOTENCY_RENEW_MS = 1_200;

/**
 * A claim is renewed for at most this long: work that never settles (a hung call, a request
 * whose answer was never sent) then lets its key go a lease later instead of blocking it forever.
 */
export const IDEMPOTENCY_MAX_HOLD_MS = 15 * 60_000;

export interface LeaseTiming {
  readonly leaseMs: number;
  readonly renewMs: number;
  readonly maxHoldMs?: number;
}

const DEFAULT_TIMING: LeaseTiming = { leaseMs: IDEMPOTENCY_LEASE_MS, renewMs: IDEMPOTENCY_RENEW_MS };

export type LeasedClaim =
  | { readonly state: 'new'; readonly held: HeldIdempotencyKey }
  | { readonly state: 'done'; readonly response: unknown }
  | { readonly state: 'mismatch' }
  | { readonly state: 'in-progress' };

/**
 * Claims a key under a fresh owner token; a won claim ('new') is renewed in the background
 * until it is completed, released or stopped.
 */
export async function claimLeased(
  store: IdempotencyStore,
  claim: { scope: string; key: string; fingerprint: string },
  timing: LeaseTiming = DEFAULT_TIMING,
): Promise<LeasedClaim> {
  const lease: IdempotencyLease = { owner: randomBytes(12).toString('base64url'), leaseMs: timing.leaseMs };
  const state = await store.claimIdempotencyKey(claim.scope, claim.key, claim.fingerprint, lease);
  if (state.state !== 'new') return state;
  return { state: 'new', held: new HeldIdempotencyKey(store, { scope: claim.scope, key: claim.key, lease, renewMs: timing.renewMs, maxHoldMs: timing.maxHoldMs ?? IDEMPOTENCY_MAX_HOLD_MS }) };
}

/** A claim this caller won, its lease renewed every `renewMs` while the work runs. */
export class HeldIdempotencyKey {
  readonly scope: string;
  readonly key: string;
  private readonly lease: IdempotencyLease;
  private timer: NodeJS.Timeout | null;
  private renewing = false;
  private readonly renewUntil: number;
  /** The lease lapsed and another caller took the key over (or the claim is gone). */
  lost = false;

  constructor(
    private readonly store: IdempotencyStore,
    o: { scope: string; key: string; lease: IdempotencyLease; renewMs: number; maxHoldMs: number },
  ) {
    this.scope = o.scope;
    this.key = o.key;
    this.lease = o.lease;
    this.renewUntil = performance.now() + o.maxHoldMs;
    this.timer = setInterval(() => void this.renew(), o.renewMs);
    // A renewal never keeps a process alive on its own.
    this.timer.unref();
  }

  get owner(): string {
    return this.lease.owner;
  }

  /** Records the outcome, unless the lease was lost: then the new owner's record stands (false). */
  async complete(response: unknown): Promise<boolean> {
    this.stop();
    return this.store.completeIdempotencyKey(this.scope, this.key, this.lease.owner, response);
  }

  /** Gives the key up (a retry may run the request again); a new owner's claim is left alone. */
  async release(): Promise<void> {
    this.stop();
    await this.store.releaseIdempotencyKey(this.scope, this.key, this.lease.owner);
  }

  /** Stops renewing without a write: the lease lapses by itself, as if this process had died. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async renew(): Promise<void> {
    if (this.renewing || this.timer === null) return;
    if (performance.now() >= this.renewUntil) {
      this.stop();
      return;
    }
    this.renewing = true;
    try {
      if (!(await this.store.renewIdempotencyKey(this.scope, this.key, this.lease))) {
        this.lost = true;
        this.stop();
      }
    } catch {
      // The store is unreachable for now: the next renewal tries again while the lease lasts.
    } finally {
      this.renewing = false;
    }
  }
}
