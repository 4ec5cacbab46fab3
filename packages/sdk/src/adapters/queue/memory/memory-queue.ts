import { admissionAllowance, carryAfter, INVENTORY_LOCK_MS, nextMeasuredRate, type QueueInventory, type QueueSettings } from '../../../domain/queue.js';
import { QueueCode } from '../../../domain/queue-codes.js';
import { systemClock, type Clock } from '../../../ports/clock.js';
import type { AdmitLimits, AdmitOutcome, DrawResult, DrawSeed, DrawShuffle, JoinReceiptClaim, QueueIdentity, QueueMeta, QueuePort, QueueRecord, QueueResult, QueueRetention, QueueView } from '../../../ports/queue.js';
import { hasBacklog, metaView, newQueueState, recordView, takeNext, type MemoryQueueState } from './memory-queue-state.js';

export interface MemoryQueueOptions {
  /** The queue's clock (default the system clock); `advanceClock` adds an offset to it. */
  clock?: Clock;
}


const fail = (code: QueueCode): { ok: false; code: QueueCode } => ({ ok: false, code });
const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

/**
 * The in-process queue for the embedded store and tests. Every method runs synchronously
 * before its first `await`, so each is atomic on Node's single thread — the same steps, in the
 * same order, as the Redis adapter's Lua scripts. State lives in this process only.
 */
export class MemoryQueue implements QueuePort {
  readonly kind = 'memory';
  private readonly state = new Map<string, MemoryQueueState>();
  /** Events whose draw is running (its shuffle may yield to the event loop). */
  private readonly drawing = new Set<string>();
  private readonly clock: Clock;
  private offsetMs = 0;

  constructor(options: MemoryQueueOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  private time(): number {
    return this.clock.now() + this.offsetMs;
  }

  async now(): Promise<number> {
    return this.time();
  }

  /** Test-only: moves the queue's clock forward. */
  async advanceClock(ms: number): Promise<void> {
    this.offsetMs += ms;
  }

  async configure(eventId: string, settings: QueueSettings, draw: DrawSeed | null, _retention?: QueueRetention, identity?: QueueIdentity): Promise<QueueResult<QueueMeta>> {
    const result = this.configure_(eventId, settings, draw, identity);
    return result.ok ? ok(this.meta_(eventId, result.value)) : result;
  }

  async restore(eventId: string, settings: QueueSettings, draw: DrawSeed | null, _retention: QueueRetention | undefined, identity: QueueIdentity & { paused: boolean }): Promise<QueueResult<{ created: boolean; meta: QueueMeta }>> {
    const existing = this.state.get(eventId);
    if (existing) return ok({ created: false, meta: this.meta_(eventId, existing) });
    const result = this.configure_(eventId, settings, draw, identity);
    if (!result.ok) return result;
    result.value.paused = identity.paused;
    result.value.resetAt = this.time();
    return ok({ created: true, meta: this.meta_(eventId, result.value) });
  }

  private configure_(eventId: string, settings: QueueSettings, draw: DrawSeed | null, identity?: QueueIdentity): QueueResult<MemoryQueueState> {
    let q = this.state.get(eventId);
    if (!q) {
      q = newQueueState(settings);
      this.state.set(eventId, q);
    } else {
      if (settings.mode !== q.settings.mode && q.issued > 0) return fail(QueueCode.DRAW_FIXED);
      if (settings.mode === 'randomized' && settings.onSaleAt !== q.settings.onSaleAt && q.closed) return fail(QueueCode.DRAW_FIXED);
      q.settings = settings;
    }
    if (settings.mode === 'randomized' && !q.seed) q.seed = draw;
    q.epoch = identity?.epoch ?? 0;
    q.generation = identity?.generation ?? 0;
    return ok(q);
  }

  async setPaused(eventId: string, paused: boolean): Promise<QueueResult<QueueMeta>> {
    const q = this.state.get(eventId);
    if (!q) return fail(QueueCode.NOT_CONFIGURED);
    q.paused = paused;
    return ok(this.meta_(eventId, q));
  }

  async meta(eventId: string): Promise<QueueResult<QueueMeta>> {
    const q = this.state.get(eventId);
    return q ? ok(this.meta_(eventId, q)) : fail(QueueCode.NOT_CONFIGURED);
  }

  async queues(): Promise<string[]> {
    return [...this.state.keys()];
  }

  async join(eventId: string, userId: string, receipt?: JoinReceiptClaim): Promise<QueueResult<QueueView>> {
    const q = this.state.get(eventId);
    if (!q) return fail(QueueCode.NOT_CONFIGURED);
    if (!q.settings.enabled) return fail(QueueCode.DISABLED);
    const now = this.time();
    const nowSec = Math.floor(now / 1000);
    const rec = q.users.get(userId);
    // The same rule as join-6.lua: a receipt from an older generation of this epoch gives the number back.
    const restore = receipt && receipt.epoch === q.epoch && receipt.generation < q.generation && receipt.number > 0 ? receipt.number : null;
    if (restore !== null && (!rec || (rec.state === 'w' && (rec.num === 0 || rec.num > restore))) && q.inventory !== 'sold_out') {
      q.users.set(userId, { num: restore, state: 'w', hbSec: nowSec, expSec: 0 });
      q.restored.set(userId, restore);
      return ok(this.view(eventId, q, userId, now));
    }
    if (rec && rec.state === 'w') {
      rec.hbSec = nowSec;
      return ok(this.view(eventId, q, userId, now));
    }
    if (rec && (rec.state === 'a' || rec.state === 'e')) return fail(QueueCode.ALREADY_ADMITTED);
    if (q.inventory === 'sold_out') return fail(QueueCode.SOLD_OUT);
    q.issued++;
    if (q.settings.mode === 'randomized' && !q.closed && now < Date.parse(q.settings.onSaleAt ?? '')) {
      q.users.set(userId, { num: 0, state: 'w', hbSec: nowSec, expSec: 0 });
      q.pre.push(userId);
    } else {
      q.closed = true;
      if (q.line.length === 0) q.lineBase = q.issued;
      q.line.push(userId);
      q.users.set(userId, { num: q.issued, state: 'w', hbSec: nowSec, expSec: 0 });
    }
    return ok(this.view(eventId, q, userId, now));
  }

  async status(eventId: string, userId: string, heartbeat: boolean): Promise<QueueResult<QueueView>> {
    const q = this.state.get(eventId);
    if (!q) return fail(QueueCode.NOT_CONFIGURED);
    const rec = q.users.get(userId);
    if (!rec) return fail(QueueCode.NOT_JOINED);
    const now = this.time();
    if (heartbeat && rec.state === 'w') rec.hbSec = Math.floor(now / 1000);
    return ok(this.view(eventId, q, userId, now));
  }

  async finish(eventId: string, userId: string, _reason: 'left' | 'booked'): Promise<QueueResult<QueueView>> {
    const q = this.state.get(eventId);
    if (!q) return fail(QueueCode.NOT_CONFIGURED);
    const rec = q.users.get(userId);
    if (!rec) return fail(QueueCode.NOT_JOINED);
    const now = this.time();
    if (rec.state === 'w') {
      q.users.delete(userId);
      const record: QueueRecord = { userId, state: 'left', number: rec.num === 0 ? null : rec.num, expiresAt: null };
      return ok({ meta: this.meta_(eventId, q, now), record });
    }
    if (rec.state === 'a' && rec.expSec * 1000 > now) {
      rec.state = 'e';
      q.active.delete(userId);
    }
    return ok(this.view(eventId, q, userId, now));
  }

  async admit(eventId: string, limits: AdmitLimits): Promise<QueueResult<AdmitOutcome>> {
    const q = this.state.get(eventId);
    if (!q) return fail(QueueCode.NOT_CONFIGURED);
    const now = this.time();
    const s = q.settings;
    const idle = (won: boolean, needs: { draw?: boolean; inventory?: boolean } = {}): QueueResult<AdmitOutcome> =>
      ok({ won, admitted: [], skipped: 0, needsDraw: needs.draw ?? false, needsInventory: needs.inventory ?? false, meta: this.meta_(eventId, q, now) });
    if (!s.enabled || q.paused) return idle(false);
    if (q.lastAt !== null && now < q.lastAt + s.tickMs) return idle(false);
    if (q.inventoryCheckedAt === null || now - q.inventoryCheckedAt >= limits.inventoryMaxAgeMs) {
      if (q.inventoryLock !== null && now - q.inventoryLock < INVENTORY_LOCK_MS) return idle(false);
      q.inventoryLock = now;
      return idle(false, { inventory: true });
    }
    const elapsed = q.lastAt === null ? s.tickMs : now - q.lastAt;
    q.lastAt = now;
    const nowSec = Math.floor(now / 1000);
    for (const [user, exp] of q.active) if (exp <= nowSec) q.active.delete(user);
    if (s.mode === 'randomized' && !q.drawn) return idle(true, { draw: now >= Date.parse(s.onSaleAt ?? '') });
    const before = q.counter;
    const admitted: QueueRecord[] = [];
    let skipped = 0;
    if (q.inventory !== 'held' && q.inventory !== 'sold_out') {
      const allowance = admissionAllowance({ carry: q.carry, rate: s.admissionRate, elapsedMs: elapsed, tickMs: s.tickMs, maxBatch: limits.maxBatch });
      const room = s.maxActive === null ? Number.POSITIVE_INFINITY : s.maxActive - q.active.size;
      const n = Math.max(0, Math.min(allowance.whole, room));
      while (admitted.length < n && skipped < limits.maxSkips) {
        const next = takeNext(q);
        if (!next) break;
        if (!next.restored) q.counter = next.number;
        const rec = q.users.get(next.userId);
        if (!rec || rec.num !== next.number || rec.state !== 'w') {
          skipped++;
        } else if (rec.hbSec < nowSec - s.heartbeatTimeoutSeconds) {
          rec.state = 'l';
          skipped++;
        } else {
          rec.state = 'a';
          rec.expSec = nowSec + s.tokenTtlSeconds;
          q.active.set(next.userId, rec.expSec);
          admitted.push(recordView(next.userId, rec, now));
        }
      }
      q.carry = s.admissionRate === null ? 0 : carryAfter(allowance, admitted.length);
    }
    if (hasBacklog(q)) q.measuredRate = nextMeasuredRate(q.measuredRate, q.counter - before, elapsed);
    return ok({ won: true, admitted, skipped, needsDraw: false, needsInventory: false, meta: this.meta_(eventId, q, now) });
  }

  async setInventory(eventId: string, inventory: Exclude<QueueInventory, 'unknown'>): Promise<void> {
    const q = this.state.get(eventId);
    if (!q) return;
    q.inventory = inventory;
    q.inventoryCheckedAt = this.time();
    q.inventoryLock = null;
  }

  async draw(eventId: string, shuffle: DrawShuffle): Promise<QueueResult<DrawResult>> {
    const q = this.state.get(eventId);
    if (!q) return fail(QueueCode.NOT_CONFIGURED);
    if (q.settings.mode !== 'randomized' || !q.seed) return fail(QueueCode.DISABLED);
    const result = (): QueueResult<DrawResult> => ok({ participants: q.drawnList.length, seed: q.seed!.seed, seedHash: q.seed!.seedHash });
    if (q.drawn) return result();
    // One draw at a time: the shuffle may yield, and a second caller meanwhile must not draw again.
    if (this.time() < Date.parse(q.settings.onSaleAt ?? '') || this.drawing.has(eventId)) return fail(QueueCode.DRAW_BUSY);
    q.closed = true;
    const participants = [...new Set(q.pre)].filter((u) => {
      const rec = q.users.get(u);
      return rec !== undefined && rec.state === 'w' && rec.num === 0;
    });
    this.drawing.add(eventId);
    try {
      q.drawnList = await shuffle(participants, q.seed.seed);
    } finally {
      this.drawing.delete(eventId);
    }
    q.drawnList.forEach((u, i) => {
      const rec = q.users.get(u);
      if (rec && rec.state === 'w' && rec.num === 0) rec.num = i + 1;
    });
    q.drawn = true;
    return result();
  }

  async drawOrder(eventId: string, offset: number, limit: number): Promise<string[]> {
    const q = this.state.get(eventId);
    return q?.drawn ? q.drawnList.slice(offset, offset + limit) : [];
  }

  async close(): Promise<void> {}

  private meta_(eventId: string, q: MemoryQueueState, now = this.time()): QueueMeta {
    return metaView(eventId, q, now);
  }

  private view(eventId: string, q: MemoryQueueState, userId: string, now: number): QueueView {
    return { meta: this.meta_(eventId, q, now), record: recordView(userId, q.users.get(userId)!, now) };
  }
}
