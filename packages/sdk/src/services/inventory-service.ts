import { BoxOfficeError, invalid } from '../domain/errors.js';
import { blockInput, repriceInput, unblockInput } from '../domain/inventory-schemas.js';
import { type InventoryResult } from '../domain/inventory.js';
import type { BlockInput, RepriceInput, UnblockInput } from '../domain/inputs.js';
import type { Event, TicketChange, TicketsChangedEvent } from '../domain/types.js';
import { parseInput } from '../domain/validate.js';
import type { InventoryWrite } from '../ports/store.js';
import type { CatalogService } from './catalog-service.js';
import type { ServiceContext } from './context.js';
import { withIdempotency } from './idempotency.js';

/** Which tickets a command names: ids, a section (some of its rows), or a tier. */
interface Selection {
  readonly eventId: string;
  readonly ticketIds?: readonly string[] | undefined;
  readonly section?: string | undefined;
  readonly rows?: readonly string[] | undefined;
  readonly tier?: string | undefined;
}

/**
 * Operator inventory: block seats (off sale until released), release blocked seats, reprice.
 * Each command resolves its selection to ticket ids, then makes one atomic store write that
 * acts on the tickets in the right state at that moment and reports the others; the change is
 * announced on the bus like any hold, so live seat maps, view caches and the queue follow.
 */
export class InventoryService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly catalog: CatalogService,
    /** Told after every change of what is for sale (the waiting queue re-reads its inventory). */
    private readonly onChanged: (eventId: string) => void = () => undefined,
  ) {}

  async block(input: BlockInput): Promise<InventoryResult> {
    const req = parseInput(blockInput, input);
    return this.idempotent('block', req, async (event, ticketIds) => {
      // A block is a hold (see domain/inventory.ts), so its id is a hold id.
      const blockId = this.ctx.ids('hold');
      const write = await this.ctx.store.blockTickets({ blockId, eventId: event.id, ticketIds });
      this.settle(event, 'block', write, 'RESERVED');
      return { ...result(event, write), ...(write.changed.length > 0 ? { blockId } : {}) };
    });
  }

  async unblock(input: UnblockInput): Promise<InventoryResult> {
    const req = parseInput(unblockInput, input);
    return this.idempotent('unblock', req, async (event, ticketIds) => {
      const write = await this.ctx.store.unblockTickets({ eventId: event.id, ticketIds });
      this.settle(event, 'unblock', write, 'AVAILABLE');
      return result(event, write);
    });
  }

  async reprice(input: RepriceInput): Promise<InventoryResult> {
    const req = parseInput(repriceInput, input);
    return this.idempotent('reprice', req, async (event, ticketIds) => {
      const write = await this.ctx.store.repriceTickets({
        eventId: event.id,
        ticketIds,
        price: req.price,
        ...(req.tier === undefined ? {} : { tier: req.tier }),
      });
      this.settle(event, 'reprice', write, null);
      return { ...result(event, write), price: req.price };
    });
  }

  private idempotent(
    command: string,
    req: Selection & { idempotencyKey?: string | undefined },
    run: (event: Event, ticketIds: string[]) => Promise<InventoryResult>,
  ): Promise<InventoryResult> {
    const { idempotencyKey, ...request } = req;
    return withIdempotency(this.ctx.store, { scope: `inventory:${command}`, key: idempotencyKey, request }, async () => {
      const event = await this.catalog.requireEvent(req.eventId);
      return run(event, await this.resolve(event, req));
    });
  }

  /** The selection's ticket ids; a section, row or tier the event does not have is a VALIDATION error. */
  private async resolve(event: Event, s: Selection): Promise<string[]> {
    if (s.ticketIds) return [...s.ticketIds];
    if (s.tier !== undefined && event.prices[s.tier] === undefined) {
      throw invalid('tier', `event ${event.id} has no tier ${s.tier} (it has ${Object.keys(event.prices).join(', ')})`);
    }
    if (s.section !== undefined) {
      const venue = await this.catalog.requireVenue(event.venueId);
      const section = venue.seatMap.sections.find((x) => x.id === s.section);
      if (!section) throw invalid('section', `the venue has no section ${s.section}`);
      const missingRow = s.rows?.find((label) => !section.rows.some((r) => r.label === label));
      if (missingRow !== undefined) throw invalid('rows', `section ${section.id} has no row ${missingRow}`);
    }
    const rows = s.rows ? new Set(s.rows) : null;
    const tickets = await this.ctx.store.getTickets(event.id);
    return tickets
      .filter((t) => (s.tier !== undefined ? t.tier === s.tier : t.section === s.section && (rows === null || (t.row !== null && rows.has(t.row)))))
      .map((t) => t.id);
  }

  /** Throws for ids that are not the event's tickets (nothing was written); else announces. */
  private settle(event: Event, reason: TicketsChangedEvent['reason'], write: InventoryWrite, status: TicketChange['status'] | null): void {
    if (write.missing.length > 0) {
      throw new BoxOfficeError('NOT_FOUND', `ticket ${write.missing[0]} is not a ticket of event ${event.id}`, {
        field: 'ticketIds',
        details: { missing: write.missing.slice(0, 100) },
      });
    }
    if (write.changed.length === 0) return;
    // A reprice changes no status: its (empty) announcement tells caches the layout changed.
    const changes = status === null ? [] : write.changed.map((ticketId) => ({ ticketId, status }));
    this.ctx.bus.publish({ type: 'tickets.changed', eventId: event.id, reason, changes });
    if (status !== null) this.onChanged(event.id);
  }
}

function result(event: Event, write: InventoryWrite): InventoryResult {
  return { eventId: event.id, changed: write.changed, skipped: write.skipped };
}
