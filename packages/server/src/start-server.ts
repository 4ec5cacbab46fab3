import {
  createDeployment,
  createTestGateway,
  DEFAULT_STORE,
  describeStore,
  WebhookDispatcher,
  type BoxOffice,
  type Deployment,
  type WebhookStore,
  type IdempotencyStore,
  type PaymentGateway,
  type Store,
} from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { createServer } from './create-server.js';
import { RedisSharedViews } from './cache/shared-views.js';
import { RedisRateLimitStore } from './rate-limit/redis-store.js';
import type { ServerOptions } from './options.js';
import { DEFAULT_STALLED_AFTER_MS, stalledStoreProbe } from './readiness.js';
import { preloadSearchAt, searchAtStartup } from './search-startup.js';

export interface StartServerOptions extends Omit<ServerOptions, 'boxOffice' | 'readinessProbes' | 'webhooks'> {
  /** Store spec, as `--store` / `BOXOFFICE_STORE` take it: `memory`, `postgres://…`, or a directory (PGlite). */
  store?: string;
  /** Serve this BoxOffice instead of opening `store` (it is not closed by `close()`). */
  boxOffice?: BoxOffice;
  /**
   * Redis (`--redis` / `BOXOFFICE_REDIS_URL`): the cross-process event bus (live maps, view
   * invalidation), the waiting queues (shared by every process, their updates pushed to every
   * process's clients) and shared rate-limit counts. Optional for one process, required for more.
   * With a given `boxOffice`, only the rate limits use it (the BoxOffice brings its own bus).
   */
  redisUrl?: string;
  /**
   * Prefix of every Redis key and channel of this deployment (`--redis-prefix` /
   * `BOXOFFICE_REDIS_PREFIX`; default `bo:`): deployments sharing one Redis need different ones,
   * or they would share queues, views and live updates. 1-64 of A-Z a-z 0-9 : _ - .
   */
  redisPrefix?: string;
  /** The payment gateway; default: the built-in TEST gateway (tok_visa...), announced in the log. */
  payments?: PaymentGateway;
  /** Port (0: any free one; default 8080) and host (default 127.0.0.1). */
  port?: number;
  host?: string;
  /** Run the sweeper and payment reconciler in this process every N ms (default 1000; 0: off). */
  sweepIntervalMs?: number;
  /** Run the waiting queues' admission tick every N ms in this process (default 250; 0: off). */
  admitIntervalMs?: number;
  /**
   * Deliver webhooks from this process: a round every N ms (default 1000; 0: off). Every
   * process may run it: the store hands each message and delivery to one of them.
   */
  webhookIntervalMs?: number;
  /**
   * The webhook store to deliver from with a given `boxOffice` (default: the opened store's).
   * The routes serve the given BoxOffice's own `webhooks`: build it over the same store.
   */
  webhookStore?: WebhookStore;
  /** Where the server keeps Idempotency-Keys with a given `boxOffice` (default: the opened store; else this process's memory). */
  idempotencyStore?: IdempotencyStore;
  /** Timeout and retry schedule of webhook deliveries (see WebhookDispatcher). */
  webhookDelivery?: { timeoutMs?: number; retryDelaysMs?: readonly number[] };
  /**
   * Let webhook endpoints be registered on, and delivered to, loopback, private, link-local and
   * metadata addresses (default false: refused; see the SDK's webhooks/destination.ts). A given
   * `boxOffice` registers by its own setting (createBoxOffice's `webhooks.allowPrivateTargets`).
   */
  allowPrivateWebhookTargets?: boolean;
  /** Close gracefully on SIGTERM and SIGINT, then exit (default false: the caller decides). */
  handleSignals?: boolean;
  /** Longest a graceful close waits for in-flight requests before forcing (default 10 s). */
  shutdownTimeoutMs?: number;
  /**
   * `/readyz` fails while a store call has been in flight longer than this (default 5 s; 0:
   * off): the booking path is stalled even if a probe query still answers. See readiness.ts.
   */
  readyStalledAfterMs?: number;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly boxOffice: BoxOffice;
  /** `http://host:port`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, finishes in-flight requests, closes live sockets with a reason, then the store and bus. */
  close(): Promise<void>;
}

/** Opens the deployment (store, Redis), builds the server and listens: what `boxoffice serve` runs. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const {
    store, boxOffice: given, redisUrl, redisPrefix, payments, port, host, sweepIntervalMs, admitIntervalMs, handleSignals, shutdownTimeoutMs,
    webhookIntervalMs, webhookStore, webhookDelivery, allowPrivateWebhookTargets = false, idempotencyStore, readyStalledAfterMs, ...serverOptions
  } = options;
  const spec = store ?? DEFAULT_STORE;
  const probes: Record<string, () => Promise<unknown>> = {};
  let storeCallAgeMs: (() => number) | undefined;
  let deployment: Deployment | undefined;
  let limits: RedisRateLimitStore | undefined;
  let sharedViews: RedisSharedViews | undefined;
  let webhooks: WebhookStore | undefined = webhookStore;
  let idempotency: IdempotencyStore | undefined = idempotencyStore;
  let dispatcher: WebhookDispatcher | undefined;
  // The deployment closes what it opened (the views' and limits' connections too), never a given BoxOffice.
  const release = async () => {
    await limits?.close();
    await sharedViews?.close();
    await deployment?.close();
  };
  let app: FastifyInstance;
  // Search may be ready before the app (and its logger) exists: told once it does.
  let logSearchReady: (info: { ms: number; events: number; loaded: boolean }) => void = () => {};
  try {
    const redis = { ...(redisUrl === undefined ? {} : { redis: redisUrl }), ...(redisPrefix === undefined ? {} : { redisPrefix }) };
    // The saved search index loads (in a worker) while the store opens.
    const preloading = given ? undefined : preloadSearchAt(spec);
    deployment = await createDeployment(
      given
        ? { boxOffice: given, ...redis }
        : {
            store: spec,
            ...redis,
            payments: payments ?? createTestGateway(),
            // Search results: shared by every process through Redis when configured, else this process's.
            cacheSearch: true,
            lunr: async (opened: Store) => searchAtStartup(opened, spec, { onReady: (info) => logSearchReady(info), preloaded: await preloading }),
            sweepIntervalMs: sweepIntervalMs ?? 1000,
            // Admission tokens must verify in every process of the deployment: sign them with its secret.
            queueOptions: { secret: serverOptions.secret, admitIntervalMs: admitIntervalMs ?? 250 },
            // Registration refuses private targets by the same setting the dispatcher delivers by.
            webhooks: { ...(webhookStore ? { store: webhookStore } : {}), allowPrivateTargets: allowPrivateWebhookTargets },
          },
    ).catch(async (error: unknown) => {
      await (await preloading)?.worker.retire();
      throw error;
    });
    const opened = deployment.store;
    if (opened) {
      const stalled = stalledStoreProbe(opened, readyStalledAfterMs ?? DEFAULT_STALLED_AFTER_MS);
      if (stalled) probes.bookingPath = stalled;
      if (opened.oldestCallAgeMs) storeCallAgeMs = opened.oldestCallAgeMs.bind(opened);
      webhooks ??= opened.webhooks;
      idempotency ??= opened;
    }
    const boxOffice = deployment.boxOffice;
    // With Redis, rate-limit counts are shared by every process of the deployment.
    if (deployment.redis && !serverOptions.rateLimit?.store) limits = await RedisRateLimitStore.open(deployment.redis);
    // With Redis, rendered views are shared by every process (invalidated by the bus's changes).
    if (deployment.redis && !serverOptions.cache?.shared) sharedViews = await RedisSharedViews.open(deployment.redis);
    if (webhooks && (webhookIntervalMs ?? 1000) > 0) {
      // Started only once listening, so `app` is set by the time a round can fail.
      dispatcher = new WebhookDispatcher({ store: webhooks, ...webhookDelivery, allowPrivateTargets: allowPrivateWebhookTargets, onError: (error) => app.log.warn({ err: error }, 'webhook delivery round failed') });
    }
    app = createServer({
      ...serverOptions,
      ...(dispatcher ? { webhooks: { dispatcher } } : {}),
      boxOffice,
      ...(limits ? { rateLimit: { ...serverOptions.rateLimit, store: limits } } : {}),
      ...(sharedViews ? { cache: { ...serverOptions.cache, shared: sharedViews } } : {}),
      ...(idempotency ? { idempotency } : {}),
      readinessProbes: { ...probes, search: () => boxOffice.searchEvents({ pageSize: 1 }), ...deployment.readiness },
      ...(storeCallAgeMs ? { storeCallAgeMs } : {}),
    });
    const log = app.log;
    logSearchReady = (info) => log.info({ search: info }, info.loaded ? 'search index loaded' : 'search index built');
  } catch (error) {
    await release();
    throw error;
  }
  try {
    await app.listen({ port: port ?? 8080, host: host ?? '127.0.0.1' });
  } catch (error) {
    await app.close();
    await release();
    throw error;
  }
  dispatcher?.start(webhookIntervalMs ?? 1000);
  const usingTestGateway = !given && payments === undefined;
  const running: BoxOffice = deployment.boxOffice;
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : (port ?? 8080);
  const url = `http://${(host ?? '127.0.0.1').includes(':') ? `[${host}]` : (host ?? '127.0.0.1')}:${boundPort}`;
  app.log.info({ url, store: given ? given.storeKind : describeStore(spec), redis: redisUrl !== undefined && !given }, 'boxoffice server listening');
  if (usingTestGateway) app.log.warn('payments: using the built-in TEST gateway (tok_visa, tok_declined, ...): no real money moves');

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const force = setTimeout(() => app.server.closeAllConnections?.(), shutdownTimeoutMs ?? 10_000);
      force.unref();
      try {
        await app.close();
        await dispatcher?.stop(); // the round in flight finishes (each attempt is bounded by its timeout)
      } finally {
        clearTimeout(force);
        await release();
      }
    })();
    return closing;
  };

  if (handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      app.log.info({ signal }, 'shutting down');
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          app.log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { app, boxOffice: running, url, port: boundPort, close };
}
