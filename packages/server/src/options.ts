import type { BoxOffice, IdempotencyStore } from '@boxoffice/sdk';
import type { WebhookDeps } from './routes/webhooks.js';
import type { FastifyServerOptions } from 'fastify';
import type { ViewCacheOptions } from './cache/view-cache.js';
import type { LiveHubOptions } from './live/hub.js';
import type { LiveLimitOptions } from './live/socket-guard.js';
import type { RateLimitOptions } from './rate-limit/install.js';
import type { HstsOptions } from './security-headers.js';
import type { SheddingOptions } from './shedding.js';
import type { GuestOptions } from './web/guest.js';

export interface ServerOptions {
  /** The BoxOffice the server exposes (in-process, over any store). */
  boxOffice: BoxOffice;
  /** The deployment secret bearer tokens are signed with (`BOXOFFICE_SECRET`), 16+ characters. */
  secret: string;
  /** Fastify's logger: pino options, or false for none (tests). Default: JSON at `info`. */
  logger?: FastifyServerOptions['logger'];
  /** Largest request body in bytes (default 1 MiB; venue creation takes up to 16 MiB). */
  bodyLimit?: number;
  cache?: ViewCacheOptions;
  /**
   * Live sockets: flush interval (100–250 ms), resync period, slow-client bound (unsent bytes),
   * client-message throttle, heartbeat, and caps per client address and per process.
   */
  live?: LiveHubOptions & LiveLimitOptions;
  /** Load shedding: 503 + Retry-After past a bound on in-flight requests or event-loop lag. */
  shedding?: SheddingOptions;
  /** Per-user (default 300 per 10 s) and per-IP (default off) limits: 429 + Retry-After past them. */
  rateLimit?: RateLimitOptions;
  /** Extra readiness probes (Redis...): `/readyz` fails while any rejects. */
  readinessProbes?: Record<string, () => Promise<unknown>>;
  /** Default metrics of the process (event loop lag, memory, GC) on /metrics (default true). */
  defaultMetrics?: boolean;
  /**
   * Milliseconds the store's oldest call in flight has been running (the store's
   * `oldestCallAgeMs`), published as `boxoffice_store_oldest_call_seconds`.
   */
  storeCallAgeMs?: () => number;
  /**
   * `Strict-Transport-Security` on every response (default off; true: one year). Only for a
   * deployment served over HTTPS on all its names: browsers refuse plain HTTP for max-age.
   */
  hsts?: HstsOptions | boolean;
  /** Trust X-Forwarded-* from a proxy in front (default false). */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** The web pages (`/`, `/event/:eventId`): the built directory, or false for none (default: the package's build, when present). */
  pages?: { dir?: string } | false;
  /**
   * The demo's "continue as guest": `POST /auth/guest` mints short-lived user tokens. Off unless
   * given: enable it only where anyone may buy as an anonymous user (demos, test deployments).
   */
  guest?: GuestOptions;
  /**
   * The webhook dispatcher of this process, woken when `/admin/webhooks/:id/test` queues a ping.
   * The endpoints themselves are the BoxOffice's (`boxOffice.webhooks`): its webhook store and
   * its private-target setting (createBoxOffice's `webhooks` option).
   */
  webhooks?: WebhookDeps;
  /**
   * Where `Idempotency-Key`s of the POSTs the SDK does not key itself (catalog, webhooks, queue,
   * operations) are kept: the deployment's store, so every process sees them (`startServer`
   * passes the opened store's). Default: this process's memory only.
   */
  idempotency?: IdempotencyStore;
}
