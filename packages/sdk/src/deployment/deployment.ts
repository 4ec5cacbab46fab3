import type { BoxOffice } from '../box-office.js';
import type { CreateBoxOfficeOptions } from '../create-box-office.js';
import type { Store } from '../ports/store.js';
import type { RedisKeys, RedisRole } from './redis-keys.js';

/** The options of a deployment that opens its own BoxOffice (see createDeployment). */
export interface DeploymentOptions extends Omit<CreateBoxOfficeOptions, 'store' | 'bus' | 'queue' | 'searchCache' | 'ownsStore' | 'lunr'> {
  /**
   * A store spec, as `--store` / `BOXOFFICE_STORE` take it (`memory`, `postgres://…`, or a PGlite
   * directory; default `./.boxoffice`): opened here and closed by `close()`. Or a `Store`: the
   * caller's, never closed.
   */
  store?: string | Store;
  /**
   * Redis (`redis://…`): the event bus, the waiting queues and the search cache go there,
   * shared by every process of the deployment. Optional for one process, required for more.
   */
  redis?: string;
  /** Prefix of every Redis key and channel (default `bo:`; 1-64 of A-Z a-z 0-9 : _ - .). */
  redisPrefix?: string;
  /** Cache search results: in Redis with `redis`, else in this process's memory (default false). */
  cacheSearch?: boolean;
  /**
   * Options of the default lunr index (ignored with `search`), or a function of the opened store
   * giving them (a server picks its search's start-up from the store's kind).
   */
  lunr?: CreateBoxOfficeOptions['lunr'] | ((store: Store) => Promise<CreateBoxOfficeOptions['lunr']>);
}

/** The options of a deployment around a BoxOffice the caller built (and closes): Redis only. */
export interface AroundBoxOfficeOptions {
  boxOffice: BoxOffice;
  redis?: string;
  redisPrefix?: string;
}

/** A deployment's Redis, for parts outside the BoxOffice (the server's rate limits and views). */
export interface DeploymentRedis {
  readonly url: string;
  /** Every key and channel name, under the deployment's one prefix. */
  readonly keys: RedisKeys;
  /**
   * A new connection for `role`, from the one connection factory, quit by the deployment's
   * `close()` (not by whoever asked for it). An ioredis `Redis` (typed `unknown` here so the
   * root entry's types need no ioredis).
   */
  connect(role: RedisRole): Promise<unknown>;
}

export interface Deployment {
  /** The BoxOffice; when the deployment built it, its `close()` closes the whole deployment. */
  readonly boxOffice: BoxOffice;
  /** The store under the BoxOffice (undefined around a given BoxOffice). */
  readonly store: Store | undefined;
  /** The deployment's Redis (undefined without a Redis URL). */
  readonly redis: DeploymentRedis | undefined;
  /** Readiness checks of the parts it opened (`redis`: a round trip on the event bus's connection). */
  readonly readiness: Readonly<Record<string, () => Promise<unknown>>>;
  /** Closes what the deployment opened, last opened first, and nothing it was given. Idempotent. */
  close(): Promise<void>;
}
