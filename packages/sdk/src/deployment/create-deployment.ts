import { MemorySearchCache } from '../adapters/search-cache/memory-search-cache.js';
import type { BoxOffice } from '../box-office.js';
import { createBoxOffice } from '../create-box-office.js';
import { DEFAULT_STORE, openStore } from '../open-store.js';
import { loadBackend } from '../optional-backend.js';
import type { EventBus } from '../ports/event-bus.js';
import type { SearchCache } from '../ports/search-cache.js';
import type { Store } from '../ports/store.js';
import type { AroundBoxOfficeOptions, Deployment, DeploymentOptions } from './deployment.js';
import type { RedisConnections } from './deployment-redis.js';
import { Owned } from './owned.js';
import { redisKeys, redisPrefixOf } from './redis-keys.js';

/**
 * The composition root: opens every part a configuration names (the store from its spec; with
 * a Redis URL the event bus, the waiting queues and the search cache there, under one prefix;
 * the search index), wires them into a `BoxOffice`, and owns exactly what it opened: `close()`
 * closes those, last opened first, and never a part it was given (a `Store` instance, a
 * `search` index, a `boxOffice`). What the server, the CLI and the simulator open runs here.
 *
 * Around a given `boxOffice` it opens only the Redis connections asked of `redis.connect` (the
 * server's rate limits and shared views beside a BoxOffice the caller built).
 *
 * Redis loads only when configured, from the optional peer `ioredis` (see optional-backend.ts).
 */
export async function createDeployment(options: DeploymentOptions | AroundBoxOfficeOptions): Promise<Deployment> {
  const prefix = redisPrefixOf(options.redisPrefix); // checked before anything opens
  const owned = new Owned();
  try {
    const redis = options.redis === undefined ? undefined : await redisOf(options.redis, prefix, owned);
    if ('boxOffice' in options) return deployment(options.boxOffice, undefined, redis, {}, owned);
    return await openBoxOffice(options, redis, owned);
  } catch (error) {
    await owned.close().catch(() => undefined);
    throw error;
  }
}

async function openBoxOffice(options: DeploymentOptions, redis: RedisConnections | undefined, owned: Owned): Promise<Deployment> {
  const { store: storeOption = DEFAULT_STORE, redis: _url, redisPrefix: _prefix, cacheSearch = false, lunr, ...wiring } = options;
  let bus: (EventBus & { ping(): Promise<void> }) | undefined;
  let queue: DeploymentQueue | undefined;
  let searchCache: SearchCache | undefined;
  if (redis) ({ bus, queue, searchCache } = await redis.openAdapters(cacheSearch));
  else if (cacheSearch) searchCache = owned.add('the search cache', new MemorySearchCache());
  const store = typeof storeOption === 'string' ? owned.add('the store', await openStore(storeOption)) : storeOption;
  const lunrOptions = typeof lunr === 'function' ? await lunr(store) : lunr;
  const bo = owned.add(
    'the BoxOffice',
    createBoxOffice({
      ...wiring,
      store,
      // The deployment closes what it opened: the BoxOffice closes only its own defaults.
      ownsStore: false,
      ...(bus ? { bus: lent(bus) } : {}),
      ...(queue ? { queue } : {}),
      ...(searchCache ? { searchCache } : {}),
      ...(lunrOptions ? { lunr: lunrOptions } : {}),
    }),
  );
  return deployment(bo, store, redis, bus ? { redis: () => bus.ping() } : {}, owned, true);
}

type DeploymentQueue = NonNullable<Parameters<typeof createBoxOffice>[0]['queue']>;

/** The Redis parts, loaded only when a URL is configured. */
async function redisOf(url: string, prefix: string, owned: Owned): Promise<RedisConnections> {
  const { RedisConnections } = await loadBackend('redis', () => import('./deployment-redis.js'));
  return new RedisConnections(url, redisKeys(prefix), owned);
}

/**
 * A bus the BoxOffice uses but does not close (createBoxOffice closes the bus it is given; the
 * deployment closes this one itself, after the BoxOffice).
 */
function lent(bus: EventBus): EventBus {
  return { publish: (event) => bus.publish(event), subscribe: (listener) => bus.subscribe(listener), close: async () => undefined };
}

function deployment(
  bo: BoxOffice,
  store: Store | undefined,
  redis: RedisConnections | undefined,
  readiness: Deployment['readiness'],
  owned: Owned,
  built = false,
): Deployment {
  const close = () => owned.close();
  // A BoxOffice the deployment built closes it all; a given one keeps its own close.
  const boxOffice: BoxOffice = built ? { ...bo, close } : bo;
  return { boxOffice, store, redis, readiness, close };
}
