import { randomBytes } from 'node:crypto';
import { QueueCode, isQueueCode } from '../../../domain/queue-codes.js';
import type { DrawResult, DrawShuffle, QueueResult } from '../../../ports/queue.js';
import type { QueueRedisClient, ScriptRunner } from './client.js';
import type { QueueKeys } from './keys.js';

const CHUNK = 5000;
const LOCK_MS = 60_000;

export interface DrawContext {
  readonly client: QueueRedisClient;
  readonly run: ScriptRunner;
  readonly keys: QueueKeys;
  readonly offsetMs: number;
}

/**
 * The randomized draw on Redis, in steps under a lock (so one process draws, and a crashed
 * drawer's lock lapses and the next one starts over): begin (closes the pre-queue), read the
 * participants, shuffle them here, append the order in chunks (numbers follow it), finish
 * (publishes the draw and reveals the seed).
 */
export async function runDraw(ctx: DrawContext, shuffle: DrawShuffle): Promise<QueueResult<DrawResult>> {
  const { client, run, keys } = ctx;
  const token = randomBytes(16).toString('hex');
  const begun = await run('draw-begin', [keys.meta, keys.drawn, keys.drawLock], [ctx.offsetMs, token, LOCK_MS]);
  if (isQueueCode(begun)) return { ok: false, code: begun };
  const [state, seed, seedHash, count] = begun as [number, string, string, string];
  if (state === 1) return { ok: true, value: { participants: Number(count), seed, seedHash } };

  const arrivals: string[] = [];
  const total = await client.llen(keys.pre);
  for (let i = 0; i < total; i += CHUNK) arrivals.push(...(await client.lrange(keys.pre, i, i + CHUNK - 1)));
  const unique = [...new Set(arrivals)];
  const participants: string[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const values = await client.hmget(keys.users, ...chunk);
    chunk.forEach((u, j) => {
      if (values[j]?.startsWith('0:')) participants.push(u);
    });
  }
  const order = await shuffle(participants, seed);
  for (let i = 0; i < order.length; i += CHUNK) {
    const appended = await run('draw-append', [keys.users, keys.drawn, keys.drawLock], [token, LOCK_MS, ...order.slice(i, i + CHUNK)]);
    if (appended === QueueCode.DRAW_BUSY) return { ok: false, code: QueueCode.DRAW_BUSY };
  }
  const finished = await run('draw-finish', [keys.meta, keys.drawn, keys.drawLock, keys.pre], [token]);
  if (isQueueCode(finished)) return { ok: false, code: finished };
  return { ok: true, value: { participants: Number(finished), seed, seedHash } };
}
