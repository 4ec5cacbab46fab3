import { isQueueCode, QueueCode } from '../../../domain/queue-codes.js';
import { INVENTORY_LOCK_MS, type QueueInventory, type QueueSettings } from '../../../domain/queue.js';
import type { AdmitLimits, AdmitOutcome, DrawResult, DrawSeed, DrawShuffle, JoinReceiptClaim, QueueIdentity, QueueMeta, QueuePort, QueueResult, QueueRetention, QueueView } from '../../../ports/queue.js';
import { registerScripts, unavailable, type QueueRedisClient, type ScriptRunner } from './client.js';
import { runDraw } from './draw.js';
import { JoinBatcher } from './join-batcher.js';
import { DEFAULT_QUEUE_PREFIX, queueKeys, queueRegistryKey, type QueueKeys } from './keys.js';
import { parseMeta, parseRecord } from './replies.js';
import { RedisQueueUpdates } from './update-channel.js';
import { openRedisClient } from '../../redis-connection.js';

export interface RedisQueueOptions {
  /** `redis://host:6379/0` (BOXOFFICE_REDIS_URL). */
  url: string;
  /** Prefix of every key (default `bo:`). */
  prefix?: string;
  /** Joins per script call at most (default 500). */
  joinBatch?: number;
}


const fail = (code: QueueCode): { ok: false; code: QueueCode } => ({ ok: false, code });

/**
 * The queue on Redis: each step one Lua script over the event's hash-tagged keys (see
 * `keys.ts` for the layout), so every process can call every method at once. The queue's clock
 * is Redis `TIME`. Joins arriving together are batched into one script call per event.
 */
export class RedisQueue implements QueuePort {
  readonly kind = 'redis';
  private offsetMs = 0;
  private readonly run: ScriptRunner;
  private readonly joins: JoinBatcher<QueueMeta>;

  private readonly prefix: string;
  private readonly ownsClient: boolean;
  readonly updates: RedisQueueUpdates;

  /** Over an open client (kept open on close unless `ownsClient`). `connect()` opens one. */
  constructor(
    private readonly client: QueueRedisClient,
    options: { prefix?: string; joinBatch?: number; ownsClient?: boolean } = {},
  ) {
    this.prefix = options.prefix ?? DEFAULT_QUEUE_PREFIX;
    this.ownsClient = options.ownsClient ?? false;
    this.run = registerScripts(client);
    // The subscriber waits for its connection (its one command is SUBSCRIBE, re-sent on reconnect).
    this.updates = new RedisQueueUpdates(client, () => client.duplicate({ enableOfflineQueue: true, connectionName: 'boxoffice-queue-updates' }), `${this.prefix}queue-updates`);
    this.joins = new JoinBatcher(
      (eventId, users) => {
        const k = this.keys(eventId);
        return this.run('join', [k.meta, k.users, k.line, k.pre, k.active, k.restored], [this.offsetMs, ...users]);
      },
      parseMeta,
      options.joinBatch ?? 500,
    );
  }

  /** Connects (failing fast when Redis is unreachable) and registers the scripts. */
  static async connect(options: RedisQueueOptions): Promise<RedisQueue> {
    const client = await openRedisClient(options.url, 'queue').catch((error: unknown) => Promise.reject(unavailable(error)));
    return new RedisQueue(client, { ...options, ownsClient: true });
  }

  keys(eventId: string): QueueKeys {
    return queueKeys(this.prefix, eventId);
  }

  async now(): Promise<number> {
    return Number(await this.run('now', [], [this.offsetMs]));
  }

  /** Test-only: moves this adapter's view of the queue clock forward. */
  async advanceClock(ms: number): Promise<void> {
    this.offsetMs += ms;
  }

  async configure(eventId: string, s: QueueSettings, draw: DrawSeed | null, retention?: QueueRetention, identity?: QueueIdentity): Promise<QueueResult<QueueMeta>> {
    const reply = await this.runConfigure(eventId, s, draw, retention, identity, null);
    if (isQueueCode(reply)) return fail(reply);
    return { ok: true, value: parseMeta(eventId, reply) };
  }

  async restore(eventId: string, s: QueueSettings, draw: DrawSeed | null, retention: QueueRetention | undefined, identity: QueueIdentity & { paused: boolean }): Promise<QueueResult<{ created: boolean; meta: QueueMeta }>> {
    const reply = await this.runConfigure(eventId, s, draw, retention, identity, identity.paused);
    if (isQueueCode(reply)) return fail(reply);
    const [created, meta] = reply as [number, unknown];
    return { ok: true, value: { created: created === 1, meta: parseMeta(eventId, meta) } };
  }

  /** configure-2.lua; `restorePaused` non-null re-creates a lost queue (only when absent). */
  private async runConfigure(eventId: string, s: QueueSettings, draw: DrawSeed | null, retention: QueueRetention | undefined, identity: QueueIdentity | undefined, restorePaused: boolean | null): Promise<unknown> {
    const k = this.keys(eventId);
    const opt = (n: number | null) => (n === null ? '' : String(n));
    // Registered first: a registry entry without a queue is skipped; a queue missing from it would never be ticked.
    await this.client.sadd(queueRegistryKey(this.prefix), eventId).catch((e: unknown) => Promise.reject(unavailable(e)));
    return this.run('configure', [k.meta, k.active], [
      this.offsetMs,
      JSON.stringify(s),
      s.enabled ? '1' : '0',
      s.mode,
      s.onSaleAt === null ? '' : String(Date.parse(s.onSaleAt)),
      opt(s.admissionRate),
      opt(s.maxActive),
      s.tokenTtlSeconds,
      s.heartbeatTimeoutSeconds,
      s.tickMs,
      draw?.seed ?? '',
      draw?.seedHash ?? '',
      retention ? String(Math.round(retention.untilMs)) : '',
      identity?.epoch ?? 0,
      identity?.generation ?? 0,
      restorePaused === null ? '' : 'restore',
      restorePaused ? '1' : '0',
    ]);
  }

  setPaused(eventId: string, paused: boolean): Promise<QueueResult<QueueMeta>> {
    return this.readMeta(eventId, paused ? '1' : '0');
  }

  meta(eventId: string): Promise<QueueResult<QueueMeta>> {
    return this.readMeta(eventId, '');
  }

  private async readMeta(eventId: string, paused: string): Promise<QueueResult<QueueMeta>> {
    const k = this.keys(eventId);
    const reply = await this.run('meta', [k.meta, k.active], [this.offsetMs, paused]);
    return isQueueCode(reply) ? fail(reply) : { ok: true, value: parseMeta(eventId, reply) };
  }

  async queues(): Promise<string[]> {
    try {
      return await this.client.smembers(queueRegistryKey(this.prefix));
    } catch (error) {
      throw unavailable(error);
    }
  }

  async forget(eventId: string): Promise<void> {
    try {
      await this.client.srem(queueRegistryKey(this.prefix), eventId);
    } catch (error) {
      throw unavailable(error);
    }
  }

  async join(eventId: string, userId: string, receipt?: JoinReceiptClaim): Promise<QueueResult<QueueView>> {
    // A receipt rides in the user's batch slot (join-6.lua): 'r<number>,<epoch>,<generation>|<user>'
    // ('|' is not a user id character, so no user id reads as a receipt).
    const entry = receipt ? `r${receipt.number},${receipt.epoch},${receipt.generation}|${userId}` : userId;
    const reply = await this.joins.join(eventId, entry);
    if ('code' in reply) return fail(reply.code as QueueCode);
    return { ok: true, value: { meta: reply.meta, record: parseRecord(userId, reply.value, reply.meta.now) } };
  }

  async status(eventId: string, userId: string, heartbeat: boolean): Promise<QueueResult<QueueView>> {
    const k = this.keys(eventId);
    const reply = await this.run('status', [k.meta, k.users, k.active], [this.offsetMs, userId, heartbeat ? '1' : '0']);
    if (isQueueCode(reply)) return fail(reply);
    const [meta, value] = reply as [unknown, string];
    return { ok: true, value: this.view(eventId, userId, meta, value) };
  }

  async finish(eventId: string, userId: string): Promise<QueueResult<QueueView>> {
    const k = this.keys(eventId);
    const reply = await this.run('finish', [k.meta, k.users, k.active], [this.offsetMs, userId]);
    if (isQueueCode(reply)) return fail(reply);
    const [meta, value] = reply as [unknown, string];
    return { ok: true, value: this.view(eventId, userId, meta, value) };
  }

  async admit(eventId: string, limits: AdmitLimits): Promise<QueueResult<AdmitOutcome>> {
    const k = this.keys(eventId);
    const reply = await this.run('admit', [k.meta, k.users, k.line, k.drawn, k.active, k.restored], [
      this.offsetMs,
      limits.maxBatch,
      limits.maxSkips,
      limits.inventoryMaxAgeMs,
      INVENTORY_LOCK_MS,
    ]);
    if (isQueueCode(reply)) return fail(reply);
    const [won, needsDraw, needsInventory, pairs, skipped, rawMeta] = reply as [number, number, number, string[], number, unknown];
    const meta = parseMeta(eventId, rawMeta);
    const admitted = [];
    for (let i = 0; i < pairs.length; i += 2) admitted.push(parseRecord(pairs[i]!, pairs[i + 1]!, meta.now));
    return { ok: true, value: { won: won === 1, needsDraw: needsDraw === 1, needsInventory: needsInventory === 1, admitted, skipped, meta } };
  }

  async setInventory(eventId: string, inventory: Exclude<QueueInventory, 'unknown'>): Promise<void> {
    await this.run('set-inventory', [this.keys(eventId).meta], [this.offsetMs, inventory]);
  }

  draw(eventId: string, shuffle: DrawShuffle): Promise<QueueResult<DrawResult>> {
    return runDraw({ client: this.client, run: this.run, keys: this.keys(eventId), offsetMs: this.offsetMs }, shuffle);
  }

  async drawOrder(eventId: string, offset: number, limit: number): Promise<string[]> {
    const k = this.keys(eventId);
    try {
      const [drawn] = await this.client.hmget(k.meta, 'drawn');
      if (drawn !== '1') return [];
      return await this.client.lrange(k.drawn, offset, offset + limit - 1);
    } catch (error) {
      throw unavailable(error);
    }
  }

  async close(): Promise<void> {
    await this.updates.close();
    if (this.ownsClient) await this.client.quit().catch(() => undefined);
  }

  private view(eventId: string, userId: string, rawMeta: unknown, value: string): QueueView {
    const meta = parseMeta(eventId, rawMeta);
    return { meta, record: parseRecord(userId, value, meta.now) };
  }
}
