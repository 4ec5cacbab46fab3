import { BLOCK_EXPIRES_AT, BLOCK_HOLDER, isBlocked, type SkippedTicket } from '../../domain/inventory.js';
import { effectiveStatus } from '../../domain/tickets.js';
import type { InventoryWrite } from '../../ports/store.js';
import { freeTicket, syncAvailability, type MemoryState, type TicketRow } from './memory-state.js';

/**
 * The memory store's inventory writes (block, unblock, reprice). Each runs synchronously, so it
 * is atomic against holds on Node's one thread, like every memory store method.
 */
export class MemoryInventory {
  constructor(
    private readonly state: MemoryState,
    private readonly now: () => number,
  ) {}

  block(req: { blockId: string; eventId: string; ticketIds: readonly string[] }): InventoryWrite {
    const now = this.now();
    const picked = this.pick(req.eventId, req.ticketIds);
    if (picked.missing.length > 0) return picked;
    const taken = picked.rows.filter((t) => effectiveStatus(t, now) === 'AVAILABLE');
    for (const t of taken) {
      t.status = 'RESERVED';
      t.holdId = req.blockId;
      t.holderId = BLOCK_HOLDER;
      t.reservedUntil = BLOCK_EXPIRES_AT;
      t.version++;
      syncAvailability(this.state, t);
    }
    if (taken.length > 0) {
      // Not in `activeHolds`: that set is the sweeper's, and a block never expires.
      this.state.holds.set(req.blockId, {
        id: req.blockId,
        eventId: req.eventId,
        userId: BLOCK_HOLDER,
        ticketIds: taken.map((t) => t.id),
        total: taken.reduce((sum, t) => sum + t.price, 0),
        currency: taken[0]!.currency,
        status: 'ACTIVE',
        expiresAt: BLOCK_EXPIRES_AT,
        createdAt: new Date(now).toISOString(),
      });
    }
    return this.result(picked.rows, new Set(taken), now);
  }

  unblock(req: { eventId: string; ticketIds: readonly string[] }): InventoryWrite {
    const now = this.now();
    const picked = this.pick(req.eventId, req.ticketIds);
    if (picked.missing.length > 0) return picked;
    const freed = picked.rows.filter((t) => isBlocked(t) && t.holderId === BLOCK_HOLDER);
    const byBlock = new Map<string, Set<string>>();
    for (const t of freed) {
      const blockId = t.holdId!;
      if (!byBlock.has(blockId)) byBlock.set(blockId, new Set());
      byBlock.get(blockId)!.add(t.id);
      freeTicket(this.state, t);
    }
    for (const [blockId, ids] of byBlock) {
      const block = this.state.holds.get(blockId);
      if (!block) continue;
      block.ticketIds = block.ticketIds.filter((id) => !ids.has(id));
      // As on PostgreSQL: the block's total is what it still holds.
      block.total = block.ticketIds.reduce((sum, id) => sum + (this.state.tickets.get(id)?.price ?? 0), 0);
      if (block.ticketIds.length === 0) block.status = 'RELEASED';
    }
    return this.result(picked.rows, new Set(freed), now);
  }

  /** New prices for the tickets (the event's tier price is the store's to change: a catalog write). */
  reprice(req: { eventId: string; ticketIds: readonly string[]; price: number }): InventoryWrite {
    const now = this.now();
    const picked = this.pick(req.eventId, req.ticketIds);
    if (picked.missing.length > 0) return picked;
    const changed = picked.rows.filter((t) => t.status !== 'SOLD' && t.price !== req.price);
    for (const t of changed) {
      t.price = req.price;
      t.version++;
    }
    if (changed.length > 0) this.state.availability.get(req.eventId)?.layoutChanged();
    return this.result(picked.rows, new Set(changed), now);
  }

  /** The event's rows for `ids` (distinct, sorted), or the ids that are not its tickets. */
  private pick(eventId: string, ids: readonly string[]): InventoryWrite & { rows: TicketRow[] } {
    const rows: TicketRow[] = [];
    const missing: string[] = [];
    for (const id of [...new Set(ids)].sort()) {
      const row = this.state.tickets.get(id);
      if (!row || row.eventId !== eventId) missing.push(id);
      else rows.push(row);
    }
    return { rows, changed: [], skipped: [], missing };
  }

  private result(rows: readonly TicketRow[], changed: ReadonlySet<TicketRow>, now: number): InventoryWrite {
    const skipped: SkippedTicket[] = [];
    for (const t of rows) {
      if (!changed.has(t)) skipped.push({ ticketId: t.id, status: isBlocked(t) ? 'BLOCKED' : effectiveStatus(t, now) });
    }
    return { changed: rows.filter((t) => changed.has(t)).map((t) => t.id), skipped, missing: [] };
  }
}
