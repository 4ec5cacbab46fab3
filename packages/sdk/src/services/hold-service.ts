import type { SectionOrder } from '../domain/best-available.js';
import { BoxOfficeError, notFound } from '../domain/errors.js';
import { holdInput, idOf, releaseInput, userIdSchema } from '../domain/schemas.js';
import type { HoldInput } from '../domain/inputs.js';
import { assertOnSale } from '../domain/sales-window.js';
import { effectiveHoldStatus } from '../domain/tickets.js';
import type { Event, Hold, TicketChange } from '../domain/types.js';
import { parseInput } from '../domain/validate.js';
import type { TakeHoldResult } from '../ports/store.js';
import { BestAvailableAllocator } from './best-available-allocator.js';
import { BestAvailableReader } from './best-available-reader.js';
import type { CatalogService } from './catalog-service.js';
import type { ServiceContext } from './context.js';
import { withIdempotency } from './idempotency.js';

/** What a hold on a queued event must pass: the queue service's admission check. */
export interface AdmissionGate {
  requireAdmission(eventId: string, userId: string, admissionToken: string | undefined): Promise<void>;
}

/** Timed holds: specific seats or best-available, all-or-nothing, expiring by the store's clock. */
export class HoldService {
  private readonly sectionOrders = new Map<string, Map<string, SectionOrder>>();
  private readonly allocator: BestAvailableAllocator;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly catalog: CatalogService,
    private readonly gate?: AdmissionGate,
  ) {
    this.allocator = new BestAvailableAllocator(ctx.store, new BestAvailableReader(ctx.store), ctx.random);
  }

  async hold(input: HoldInput): Promise<Hold> {
    const req = parseInput(holdInput, input);
    return withIdempotency(this.ctx.store, { scope: `hold:${req.userId}`, key: req.idempotencyKey, request: { ...req, idempotencyKey: undefined } }, async () => {
      // The window is judged by the store's clock, read alongside the event (no extra wait).
      const [event, now] = await Promise.all([this.catalog.requireEvent(req.eventId), this.ctx.store.now()]);
      assertOnSale(event, now);
      await this.gate?.requireAdmission(event.id, req.userId, req.admissionToken);
      if (req.ticketIds) return this.take(event, req.userId, req.ticketIds);
      return this.takeBest(event, req.userId, req.best!);
    });
  }

  /**
   * Throws EVENT_NOT_ON_SALE unless the event sells at `now` (the store's clock, read by the
   * caller). Confirms ask before authorizing, so a stopped event is never charged.
   */
  async requireOnSale(eventId: string, now: number, field: 'eventId' | 'holdId'): Promise<void> {
    assertOnSale(await this.catalog.requireEvent(eventId), now, field);
  }

  private async take(event: Event, userId: string, ticketIds: readonly string[]): Promise<Hold> {
    const result = await this.ctx.store.takeHold({
      holdId: this.ctx.ids('hold'),
      eventId: event.id,
      userId,
      ticketIds,
      ttlSeconds: event.holdTtlSeconds,
      maxTicketsPerUser: event.maxTicketsPerUser,
    });
    return this.settle(event, result);
  }

  private settle(event: Event, result: TakeHoldResult): Hold {
    if (result.ok) {
      this.announce(event.id, 'hold', result.hold.ticketIds.map((ticketId) => ({ ticketId, status: 'RESERVED' as const })));
      return result.hold;
    }
    switch (result.reason) {
      case 'SEAT_UNAVAILABLE':
        throw new BoxOfficeError('SEAT_UNAVAILABLE', `${result.unavailable.length} of the requested tickets are no longer available`, {
          field: 'ticketIds',
          details: { unavailable: result.unavailable },
        });
      case 'LIMIT_EXCEEDED':
        throw new BoxOfficeError(
          'LIMIT_EXCEEDED',
          `at most ${event.maxTicketsPerUser} tickets per user for this event (already holding or owning ${result.owned})`,
          { field: 'ticketIds', details: { max: event.maxTicketsPerUser, owned: result.owned } },
        );
      case 'NOT_FOUND':
        throw new BoxOfficeError('NOT_FOUND', `ticket ${result.missing[0]} is not a ticket of event ${event.id}`, {
          field: 'ticketIds',
          details: { missing: result.missing },
        });
    }
  }

  /** Best-available: placed with the other buyers of the event asking at the same time (see the allocator). */
  private async takeBest(
    event: Event,
    userId: string,
    best: { quantity: number; section?: string | undefined; maxPrice?: number | undefined; adjacent: boolean },
  ): Promise<Hold> {
    const orders = await this.sectionOrdersOf(event);
    if (best.section !== undefined && !orders.has(best.section)) {
      throw new BoxOfficeError('VALIDATION', `best.section: the venue has no section ${best.section}`, { field: 'best.section' });
    }
    const outcome = await this.allocator.hold(
      {
        eventId: event.id,
        userId,
        best,
        request: (ticketIds) => ({
          holdId: this.ctx.ids('hold'),
          eventId: event.id,
          userId,
          ticketIds,
          ttlSeconds: event.holdTtlSeconds,
          maxTicketsPerUser: event.maxTicketsPerUser,
        }),
      },
      orders,
    );
    if (outcome) return this.settle(event, outcome);
    throw new BoxOfficeError('SEAT_UNAVAILABLE', `no ${best.quantity} seats available together under these constraints`, {
      field: 'best.quantity',
    });
  }

  private async sectionOrdersOf(event: Event): Promise<Map<string, SectionOrder>> {
    const cached = this.sectionOrders.get(event.venueId);
    if (cached) return cached;
    const venue = await this.catalog.requireVenue(event.venueId);
    const orders = new Map(venue.seatMap.sections.map((s) => [s.id, { rank: s.rank, rows: s.rows.map((r) => r.label) }]));
    this.sectionOrders.set(event.venueId, orders);
    return orders;
  }

  /** The hold as its owner sees it; another user's hold reads as not found. */
  async getHold(holdId: string, userId?: string): Promise<Hold> {
    return (await this.getHoldAt(holdId, userId)).hold;
  }

  /** `getHold`, with the store's clock as of the read (both asked at once). */
  async getHoldAt(holdId: string, userId?: string): Promise<{ hold: Hold; now: number }> {
    parseInput(idOf('hold'), holdId, 'holdId');
    if (userId !== undefined) parseInput(userIdSchema, userId, 'userId');
    const [hold, now] = await Promise.all([this.ctx.store.getHold(holdId), this.ctx.store.now()]);
    if (!hold || (userId !== undefined && hold.userId !== userId)) throw notFound('hold', holdId, 'holdId');
    return { hold: { ...hold, status: effectiveHoldStatus(hold, now) }, now };
  }

  async release(input: { holdId: string; userId: string }): Promise<Hold> {
    const req = parseInput(releaseInput, input);
    const hold = await this.getHold(req.holdId, req.userId);
    if (hold.status === 'CONFIRMED') {
      throw new BoxOfficeError('HOLD_NOT_ACTIVE', `hold ${hold.id} is already confirmed; cancel the booking instead`, { field: 'holdId' });
    }
    // An expired hold's seats are already back on sale; the sweeper tidies it up.
    if (hold.status !== 'ACTIVE') return hold;
    const freed = await this.ctx.store.releaseHold(hold.id);
    if (freed) this.announce(freed.eventId, 'release', freed.changes);
    return { ...hold, status: freed ? 'RELEASED' : hold.status };
  }

  announce(eventId: string, reason: 'hold' | 'release' | 'expire' | 'sale' | 'cancel', changes: readonly TicketChange[]): void {
    if (changes.length > 0) this.ctx.bus.publish({ type: 'tickets.changed', eventId, reason, changes });
  }
}
