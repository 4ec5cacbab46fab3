import type { QueueInventory, QueueSettings, QueueUserState } from '../../../domain/queue.js';
import type { DrawSeed, QueueMeta, QueueRecord } from '../../../ports/queue.js';

/** One user's record: the same four states the Redis adapter packs into a hash value. */
export interface MemoryRecord {
  /** 0 in the pre-queue (before the draw). */
  num: number;
  /** w: waiting (or pre-queue), a: admitted, e: ended, l: lost the turn. */
  state: 'w' | 'a' | 'e' | 'l';
  /** Last heartbeat, epoch seconds (waiting users). */
  hbSec: number;
  /** Token expiry, epoch seconds (admitted users). */
  expSec: number;
}

/** One event's queue, laid out as the Redis adapter lays it out (lists read by index). */
export interface MemoryQueueState {
  settings: QueueSettings;
  paused: boolean;
  issued: number;
  counter: number;
  measuredRate: number | null;
  inventory: QueueInventory;
  inventoryCheckedAt: number | null;
  seed: DrawSeed | null;
  drawn: boolean;
  /** Set by the first FIFO join or the draw: no pre-queue joins after it. */
  closed: boolean;
  users: Map<string, MemoryRecord>;
  /** Pre-queue arrivals (may repeat a user who left and joined again). */
  pre: string[];
  /** The drawn order; number = index + 1. */
  drawnList: string[];
  drawIdx: number;
  /** FIFO arrivals; number = lineBase + index. */
  line: string[];
  lineBase: number;
  lineIdx: number;
  /** Live slots: user → token expiry (epoch seconds). */
  active: Map<string, number>;
  lastAt: number | null;
  carry: number;
  /** When a caller took the inventory-refresh lock (ms), null when free. */
  inventoryLock: number | null;
  epoch: number;
  generation: number;
  /** When this generation was re-created after a loss (ms), null if never. */
  resetAt: number | null;
  /** Users who got their number back with a join receipt: user → number, admitted lowest first. */
  restored: Map<string, number>;
}

export function newQueueState(settings: QueueSettings): MemoryQueueState {
  return {
    settings,
    paused: false,
    issued: 0,
    counter: 0,
    measuredRate: null,
    inventory: 'unknown',
    inventoryCheckedAt: null,
    seed: null,
    drawn: false,
    closed: false,
    users: new Map(),
    pre: [],
    drawnList: [],
    drawIdx: 0,
    line: [],
    lineBase: 1,
    lineIdx: 0,
    active: new Map(),
    lastAt: null,
    carry: 0,
    inventoryLock: null,
    epoch: 0,
    generation: 0,
    resetAt: null,
    restored: new Map(),
  };
}

export function recordView(userId: string, rec: MemoryRecord, nowMs: number): QueueRecord {
  let state: QueueUserState;
  if (rec.state === 'w') state = rec.num === 0 ? 'prequeue' : 'waiting';
  else if (rec.state === 'a') state = rec.expSec * 1000 > nowMs ? 'admitted' : 'ended';
  else state = rec.state === 'e' ? 'ended' : 'lost';
  return {
    userId,
    state,
    number: rec.num === 0 ? null : rec.num,
    expiresAt: rec.state === 'a' ? rec.expSec * 1000 : null,
  };
}

export function metaView(eventId: string, q: MemoryQueueState, nowMs: number): QueueMeta {
  let active = 0;
  for (const exp of q.active.values()) if (exp * 1000 > nowMs) active++;
  return {
    eventId,
    settings: q.settings,
    paused: q.paused,
    issued: q.issued,
    counter: q.counter,
    active,
    measuredRate: q.measuredRate,
    inventory: q.inventory,
    inventoryCheckedAt: q.inventoryCheckedAt,
    draw: q.settings.mode !== 'randomized' || !q.seed ? null : {
      seedHash: q.seed.seedHash,
      seed: q.drawn ? q.seed.seed : null,
      drawn: q.drawn,
      participants: q.drawn ? q.drawnList.length : 0,
    },
    epoch: q.epoch,
    generation: q.generation,
    resetAt: q.resetAt,
    now: nowMs,
  };
}

/**
 * The next entry: restored users (lowest number first; they do not move the counter), then in
 * number order the drawn list, then the FIFO line.
 */
export function takeNext(q: MemoryQueueState): { userId: string; number: number; restored: boolean } | null {
  if (q.restored.size > 0) {
    let best: [string, number] | null = null;
    for (const entry of q.restored) if (best === null || entry[1] < best[1]) best = entry;
    q.restored.delete(best![0]);
    return { userId: best![0], number: best![1], restored: true };
  }
  if (q.drawIdx < q.drawnList.length) {
    const userId = q.drawnList[q.drawIdx]!;
    q.drawIdx++;
    return { userId, number: q.drawIdx, restored: false };
  }
  if (q.lineIdx < q.line.length) {
    const userId = q.line[q.lineIdx]!;
    const number = q.lineBase + q.lineIdx;
    q.lineIdx++;
    return { userId, number, restored: false };
  }
  return null;
}

export function hasBacklog(q: MemoryQueueState): boolean {
  return q.drawIdx < q.drawnList.length || q.lineIdx < q.line.length;
}
