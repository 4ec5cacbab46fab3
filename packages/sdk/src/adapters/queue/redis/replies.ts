import type { QueueSettings, QueueUserState } from '../../../domain/queue.js';
import type { QueueInventory } from '../../../domain/queue.js';
import type { QueueMeta, QueueRecord } from '../../../ports/queue.js';

/** Parses `read_meta`'s reply (lua/includes/meta.lua): the META_FIELDS in order, active, now. */
export function parseMeta(eventId: string, reply: unknown): QueueMeta {
  const f = reply as string[];
  const [settings = '', paused, issued, counter, mrate, inv, invAt, seedHash, seed, drawn, drawCount, epoch, gen, resetAt, active, now] = f;
  const parsed = JSON.parse(settings) as QueueSettings;
  const randomized = parsed.mode === 'randomized';
  return {
    eventId,
    settings: parsed,
    paused: paused === '1',
    issued: Number(issued || 0),
    counter: Number(counter || 0),
    active: Number(active || 0),
    measuredRate: mrate ? Number(mrate) : null,
    inventory: (inv || 'unknown') as QueueInventory,
    inventoryCheckedAt: invAt ? Number(invAt) : null,
    draw:
      randomized && seedHash
        ? { seedHash, seed: drawn === '1' ? seed || null : null, drawn: drawn === '1', participants: drawn === '1' ? Number(drawCount || 0) : 0 }
        : null,
    epoch: Number(epoch || 0),
    generation: Number(gen || 0),
    resetAt: resetAt ? Number(resetAt) : null,
    now: Number(now),
  };
}

/** Parses a user's record value (lua/includes/record.lua) as of `nowMs`. */
export function parseRecord(userId: string, value: string, nowMs: number): QueueRecord {
  const colon = value.indexOf(':');
  const num = Number(value.slice(0, colon));
  const rest = value.slice(colon + 1);
  const kind = rest[0];
  let state: QueueUserState;
  let expiresAt: number | null = null;
  if (kind === 'a') {
    expiresAt = Number(rest.slice(1)) * 1000;
    state = expiresAt > nowMs ? 'admitted' : 'ended';
  } else if (kind === 'e') state = 'ended';
  else if (kind === 'l') state = 'lost';
  else if (kind === 'x') state = 'left';
  else state = num === 0 ? 'prequeue' : 'waiting';
  return { userId, state, number: num === 0 ? null : num, expiresAt };
}
