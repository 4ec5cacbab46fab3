import type { ServiceContext } from './context.js';
import { refundedMessage } from './booking-service.js';
import type { HoldService } from './hold-service.js';

export interface SweepReport {
  readonly holdsExpired: number;
  readonly ticketsFreed: number;
}

export interface ReconcileReport {
  readonly voided: number;
  readonly captured: number;
  readonly refunded: number;
  readonly stillUncertain: number;
}

const BATCH = 500;
/** A payment attempt this old with no answer is taken to belong to a crashed confirm. */
const ABANDONED_AFTER_MS = 60_000;
const SETTLE_AFTER_MS = 5_000;

/**
 * The sweeper returns expired holds' seats to sale and announces them; the reconciler settles
 * payments a crash or a gateway failure left half-way. Both are idempotent and safe to run in
 * every process at once: the store skips rows another process is working on, and every payment
 * transition is a compare-and-set.
 */
export class Sweeper {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly holds: HoldService,
  ) {}

  async sweep(maxBatches = 100): Promise<SweepReport> {
    let holdsExpired = 0;
    let ticketsFreed = 0;
    for (let i = 0; i < maxBatches; i++) {
      const freed = await this.ctx.store.sweepExpired(BATCH);
      for (const f of freed) {
        holdsExpired++;
        ticketsFreed += f.changes.length;
        this.holds.announce(f.eventId, 'expire', f.changes);
      }
      if (freed.length < BATCH) break;
    }
    return { holdsExpired, ticketsFreed };
  }

  /** Settles payments: captures confirmed ones, voids orphans, refunds cancelled bookings' charges. */
  async reconcile(options: { abandonedAfterMs?: number; settleAfterMs?: number } = {}): Promise<ReconcileReport> {
    const { store, payments } = this.ctx;
    const now = await store.now();
    const cutoff = now - (options.abandonedAfterMs ?? ABANDONED_AFTER_MS);
    // Confirms capture their own payments at once; only ones left behind for a while are ours.
    const settleCutoff = now - (options.settleAfterMs ?? SETTLE_AFTER_MS);
    let voided = 0;
    let captured = 0;
    let refunded = 0;
    let stillUncertain = 0;

    // Abandoned attempts: claim the row BEFORE voiding at the gateway. A confirm committing
    // after the claim finds the payment VOIDING and sells nothing; a confirm that committed
    // first makes the claim fail, and its authorization is left alone.
    for (const p of await store.listPaymentsToReconcile(['AUTHORIZING', 'UNCERTAIN'], cutoff, BATCH)) {
      if (!(await store.updatePayment(p.id, { from: ['AUTHORIZING', 'UNCERTAIN'], status: 'VOIDING', failureReason: 'abandoned' }))) continue;
      if (await this.voidClaimed(p.id)) voided++;
      else stillUncertain++;
    }
    // Claimed voids the gateway did not confirm (it failed, or the process died): again.
    for (const p of await store.listPaymentsToReconcile(['VOIDING'], settleCutoff, BATCH)) {
      if (await this.voidClaimed(p.id)) voided++;
      else stillUncertain++;
    }

    // Refunds owed by cancellations whose gateway call failed (or never ran: a crash).
    for (const p of await store.listPaymentsToReconcile(['REFUNDING'], settleCutoff, BATCH)) {
      try {
        await payments.refund({ paymentId: p.id, reference: p.gatewayReference ?? '', amount: p.amount });
        if (await store.updatePayment(p.id, { from: ['REFUNDING'], status: 'REFUNDED', outbox: refundedMessage(p) })) refunded++;
      } catch {
        stillUncertain++;
      }
    }

    // Stores migrated before REFUNDING existed may hold a cancelled booking's payment AUTHORIZED.
    for (const p of await store.listPaymentsToReconcile(['AUTHORIZED'], settleCutoff, BATCH)) {
      const booking = p.bookingId === null ? null : await store.getBooking(p.bookingId);
      try {
        if (booking?.status === 'CONFIRMED') {
          await payments.capture({ paymentId: p.id, reference: p.gatewayReference ?? '', amount: p.amount });
          if (await store.updatePayment(p.id, { from: ['AUTHORIZED'], status: 'CAPTURED' })) captured++;
        } else if (booking?.status === 'CANCELLED') {
          await payments.refund({ paymentId: p.id, reference: p.gatewayReference ?? '', amount: p.amount });
          if (await store.updatePayment(p.id, { from: ['AUTHORIZED'], status: 'REFUNDED', outbox: refundedMessage(p) })) refunded++;
        }
      } catch {
        stillUncertain++;
      }
    }
    return { voided, captured, refunded, stillUncertain };
  }

  /** The gateway's void of a payment this reconciler claimed (VOIDING), then VOIDED. */
  private async voidClaimed(paymentId: string): Promise<boolean> {
    try {
      await this.ctx.payments.void({ paymentId });
    } catch {
      return false; // stays VOIDING: the next pass tries again
    }
    return this.ctx.store.updatePayment(paymentId, { from: ['VOIDING'], status: 'VOIDED' });
  }

  /** Runs sweep + reconcile every `intervalMs` until the returned stop function is called. */
  start(intervalMs = 1000): () => Promise<void> {
    let running: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      running = running.then(() => this.sweep().then(() => this.reconcile())).catch(() => undefined);
    }, intervalMs);
    timer.unref();
    return async () => {
      clearInterval(timer);
      await running;
    };
  }
}
