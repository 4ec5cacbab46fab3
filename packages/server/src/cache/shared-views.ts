import { randomBytes } from 'node:crypto';
import { redisKeys, type DeploymentRedis } from '@boxoffice/sdk';
import { openRedisClient } from '@boxoffice/sdk/redis';
import type { Redis } from 'ioredis';
import type { SharedView } from './event-snapshot.js';

/**
 * Rendered event views shared by every server process of a deployment. Validity is a token per
 * event: any process that learns of a change to the event replaces the token, and a stored view
 * counts only while the token it was built under is still the current one. A builder reads the
 * token before it reads the store, so a view stored after a change it may have missed carries
 * an old token and is never served.
 */
export interface SharedViewStore {
  /** The event's current token, and the stored view when it was built under that token. */
  read(eventId: string): Promise<{ token: string; view: SharedView | null }>;
  /** Stores a view built from a store read that began after `token` was read, for `ttlMs`. */
  write(eventId: string, token: string, view: SharedView, ttlMs: number): Promise<void>;
  /**
   * The event changed: every stored view of it is invalid from now on. Sent at once (before any
   * later `read` of this process, on the same connection); repeated calls in one event-loop turn send one.
   */
  invalidate(eventId: string): void;
  close(): Promise<void>;
}

/** A token outlives any view stored under it (views live at most ~30 s). */
const TOKEN_TTL_MS = 24 * 3600 * 1000;

interface Header {
  /** The token the view was built under. */
  t: string;
  /** Byte lengths of the full view and the availability. */
  f: number;
  a: number;
  n: number;
  /** Earliest hold expiry, epoch ms (null: none). */
  h: number | null;
  b: number;
}

/**
 * The shared views in Redis: per event `<prefix>{<eventId>}:view` (a header, then the two
 * bodies, in one value) and `<prefix>{<eventId>}:view-token`; the hash tag keeps both on one
 * Cluster slot, so one MGET reads them together. Commands fail fast while Redis is away (no
 * offline queue): the cache then loads from the store, as without Redis.
 */
export class RedisSharedViews implements SharedViewStore {
  private readonly invalidated = new Set<string>();

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Quit the connection on close: only one this class opened (`connect`), never a deployment's. */
    private readonly ownsClient: boolean,
  ) {}

  /** Over a connection of the deployment's (closed with it), keyed under its prefix. */
  static async open(redis: DeploymentRedis): Promise<RedisSharedViews> {
    return new RedisSharedViews((await redis.connect('views')) as Redis, redis.keys.views, false);
  }

  /**
   * Over a connection of its own to `url` (commands fail fast while Redis is away: the cache
   * then loads from the store, as without Redis).
   */
  static async connect(url: string, options: { prefix?: string } = {}): Promise<RedisSharedViews> {
    return new RedisSharedViews(await openRedisClient(url, 'views'), options.prefix ?? redisKeys().views, true);
  }

  private keys(eventId: string): { view: string; token: string } {
    const base = `${this.prefix}{${eventId}}:`;
    return { view: `${base}view`, token: `${base}view-token` };
  }

  async read(eventId: string): Promise<{ token: string; view: SharedView | null }> {
    const k = this.keys(eventId);
    const [tokenBytes, value] = await this.redis.mgetBuffer(k.token, k.view);
    const token = tokenBytes?.toString('utf8') ?? '';
    if (!value || value.length < 4) return { token, view: null };
    const headerLength = value.readUInt32BE(0);
    const header = JSON.parse(value.subarray(4, 4 + headerLength).toString('utf8')) as Header;
    if (header.t !== token) return { token, view: null };
    const start = 4 + headerLength;
    return {
      token,
      view: {
        full: value.subarray(start, start + header.f),
        availability: value.subarray(start + header.f, start + header.f + header.a),
        ticketCount: header.n,
        holdExpiresAt: header.h ?? Number.POSITIVE_INFINITY,
        builtAt: header.b,
      },
    };
  }

  async write(eventId: string, token: string, view: SharedView, ttlMs: number): Promise<void> {
    const ms = Math.floor(ttlMs);
    if (ms <= 0) return;
    const header: Header = {
      t: token,
      f: view.full.length,
      a: view.availability.length,
      n: view.ticketCount,
      h: Number.isFinite(view.holdExpiresAt) ? view.holdExpiresAt : null,
      b: view.builtAt,
    };
    const head = Buffer.from(JSON.stringify(header));
    const length = Buffer.alloc(4);
    length.writeUInt32BE(head.length, 0);
    // A write that loses a race to a newer one only costs a rebuild: its token is checked on read.
    await this.redis.set(this.keys(eventId).view, Buffer.concat([length, head, view.full, view.availability]), 'PX', ms);
  }

  invalidate(eventId: string): void {
    if (this.invalidated.has(eventId)) return;
    if (this.invalidated.size === 0) setImmediate(() => this.invalidated.clear());
    this.invalidated.add(eventId);
    this.redis.set(this.keys(eventId).token, randomBytes(9).toString('base64url'), 'PX', TOKEN_TTL_MS).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.redis.quit().catch(() => undefined);
  }
}
