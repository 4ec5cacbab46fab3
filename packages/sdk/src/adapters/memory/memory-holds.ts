import { effectiveHoldStatus, effectiveStatus } from '../../domain/tickets.js';
import type { Hold, TicketChange } from '../../domain/types.js';
import type { FreedHold, TakeHoldRequest, TakeHoldResult } from '../../ports/store.js';
import { freeTicket, holderKey, syncAvailability, type MemoryState, type TicketRow } from './memory-state.js';

/** The memory store's timed holds: take, release, sweep, and the per-user cap. */
export class MemoryHolds {
  constructor(
    private readonly state: MemoryState,
    private readonly now: () => number,
  ) {}

  takeHold(req: TakeHoldRequest): TakeHoldResult {
    const now = this.now();
    const rows: TicketRow[] = [];
    const missing: string[] = [];
    for (const id of req.ticketIds) {
      const row = this.state.tickets.get(id);
      if (!row || row.eventId !== req.eventId) missing.push(id);
      else rows.push(row);
    }
    if (missing.length > 0) return { ok: false, reason: 'NOT_FOUND', missing };
    if (req.maxTicketsPerUser !== null) {
      const owned = this.countOwned(req.eventId, req.userId, now);
      if (owned + rows.length > req.maxTicketsPerUser) return { ok: false, reason: 'LIMIT_EXCEEDED', owned };
    }
    const unavailable = rows.filter((t) => effectiveStatus(t, now) !== 'AVAILABLE').map((t) => t.id);
    if (unavailable.length > 0) return { ok: false, reason: 'SEAT_UNAVAILABLE', unavailable };

    const expiresAt = new Date(now + req.ttlSeconds * 1000).toISOString();
    const owned = this.holderSet(req.eventId, req.userId);
    for (const t of rows) {
      t.status = 'RESERVED';
      t.holdId = req.holdId;
      t.holderId = req.userId;
      t.reservedUntil = expiresAt;
      t.version++;
      syncAvailability(this.state, t);
      owned.add(t.id);
    }
    const first = rows[0]!;
    const hold: Hold = {
      id: req.holdId,
      eventId: req.eventId,
      userId: req.userId,
      ticketIds: rows.map((t) => t.id),
      total: rows.reduce((sum, t) => sum + t.price, 0),
      currency: first.currency,
      status: 'ACTIVE',
      expiresAt,
      createdAt: new Date(now).toISOString(),
    };
    this.state.holds.set(hold.id, { ...hold });
    this.state.activeHolds.add(hold.id);
    return { ok: true, hold };
  }

  private holderSet(eventId: string, userId: string): Set<string> {
    const key = holderKey(eventId, userId);
    let set = this.state.ticketsByHolder.get(key);
    if (!set) this.state.ticketsByHolder.set(key, (set = new Set()));
    return set;
  }

  private countOwned(eventId: string, userId: string, now: number): number {
    const set = this.state.ticketsByHolder.get(holderKey(eventId, userId));
    if (!set) return 0;
    let n = 0;
    for (const id of set) {
      const t = this.state.tickets.get(id)!;
      if (t.holderId !== userId) set.delete(id);
      else if (t.status === 'SOLD' || effectiveStatus(t, now) === 'RESERVED') n++;
    }
    return n;
  }

  getHold(id: string): Hold | null {
    const hold = this.state.holds.get(id);
    return hold ? { ...hold, status: effectiveHoldStatus(hold, this.now()) } : null;
  }

  releaseHold(holdId: string): FreedHold | null {
    const hold = this.state.holds.get(holdId);
    if (!hold || hold.status !== 'ACTIVE') return null;
    // An expired hold is reported as such, not as released.
    hold.status = Date.parse(hold.expiresAt) <= this.now() ? 'EXPIRED' : 'RELEASED';
    this.state.activeHolds.delete(holdId);
    return { holdId, eventId: hold.eventId, changes: this.freeHoldTickets(hold.id, hold.ticketIds) };
  }

  /** Returns to sale the tickets still reserved by `holdId` (some may have been retaken). */
  private freeHoldTickets(holdId: string, ticketIds: readonly string[]): TicketChange[] {
    const changes: TicketChange[] = [];
    for (const id of ticketIds) {
      const t = this.state.tickets.get(id);
      if (!t || t.holdId !== holdId || t.status !== 'RESERVED') continue;
      freeTicket(this.state, t);
      changes.push({ ticketId: id, status: 'AVAILABLE' });
    }
    return changes;
  }

  sweepExpired(limit: number): FreedHold[] {
    const now = this.now();
    const freed: FreedHold[] = [];
    for (const holdId of this.state.activeHolds) {
      if (freed.length >= limit) break;
      const hold = this.state.holds.get(holdId)!;
      if (Date.parse(hold.expiresAt) > now) continue;
      hold.status = 'EXPIRED';
      this.state.activeHolds.delete(holdId);
      freed.push({ holdId, eventId: hold.eventId, changes: this.freeHoldTickets(holdId, hold.ticketIds) });
    }
    return freed;
  }
}
