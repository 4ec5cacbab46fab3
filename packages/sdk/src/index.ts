/**
 * `@boxoffice/sdk`: the domain, the ports, the memory store, the test gateway, the remote client
 * and `openStore`. It loads no optional backend: PostgreSQL (`/postgres`), PGlite (`/pglite`),
 * Redis (`/redis`) and lunr (`/lunr`) are entries of their own over optional peer packages.
 */
export * from './domain/index.js';
export * from './ports/index.js';
export * from './protocol/index.js';
export type { BoxOffice, BoxOfficeResources } from './box-office.js';
export type {
  CallOptions,
  EventsResource,
  VenuesResource,
  PerformersResource,
  HoldsResource,
  BookingsResource,
  QueueResource,
  InventoryResource,
  OperationsResource,
  WebhooksResource,
  HoldRequest,
  ConfirmRequest,
  BookRequest,
  BlockRequest,
  UnblockRequest,
  RepriceRequest,
  ListBookingsInput,
} from './resources.js';
export type { DeprecatedCalls } from './deprecated-calls.js';
export { pagedList, type PagedList } from './paged-list.js';
export { createBoxOffice, type CreateBoxOfficeOptions } from './create-box-office.js';
export type { SweepReport, ReconcileReport } from './services/sweeper.js';
export { randomIds, type IdGenerator } from './services/ids.js';
export { fingerprintOf } from './services/idempotency.js';
export { claimLeased, HeldIdempotencyKey, IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_MAX_HOLD_MS, IDEMPOTENCY_RENEW_MS, type LeasedClaim, type LeaseTiming } from './services/idempotency-lease.js';
export { MemoryStore, createMemoryStore, type MemoryStoreOptions } from './adapters/memory/index.js';
export { TestPaymentGateway, createTestGateway, TEST_TOKENS, type LedgerEntry } from './adapters/payments/test-gateway.js';
export { InProcessEventBus } from './adapters/bus/in-process-bus.js';
export { openStore, describeStore, searchIndexPathOf, legacySearchIndexPathsOf, DEFAULT_STORE, SEARCH_INDEX_FILE, LEGACY_SEARCH_INDEX_FILE } from './open-store.js';
export { createDeployment } from './deployment/create-deployment.js';
export type { Deployment, DeploymentOptions, AroundBoxOfficeOptions, DeploymentRedis } from './deployment/deployment.js';
export { DEFAULT_REDIS_PREFIX, redisKeys, redisPrefixOf, type RedisKeys, type RedisRole } from './deployment/redis-keys.js';
export { signToken, verifyToken, peekToken, MIN_SECRET_LENGTH, type TokenClaims, type SignTokenOptions } from './auth/index.js';
export { SearchService, type SearchResult } from './services/search-service.js';
export { foldText, searchWords, editDistance, allowedEdits, distanceKm, priceBand, STOP_WORDS } from './domain/search-text.js';
export { MemorySearchCache, type MemorySearchCacheOptions } from './adapters/search-cache/memory-search-cache.js';
export { SearchResultCache, adaptiveTtl, type SearchResultCacheOptions } from './services/search-result-cache.js';
export { connect, errorOfProblem, spreadByUser, RETRY_DEFAULTS, type ConnectOptions, type RetryOptions, type RemoteBoxOffice, type EventWatch, type EventWatchHandlers, type LiveDiff, type LiveSnapshot } from './client/index.js';
export * from './simulation/index.js';
export type { QueueOptions, WebhookOptions } from './create-box-office.js';
export type { BoxOfficeQueue, QueueRequest } from './box-office-queue.js';
export { MemoryQueue, type MemoryQueueOptions } from './adapters/queue/memory/memory-queue.js';
export { QueueService, type QueueServiceOptions } from './services/queue-service.js';
export { signAdmission, verifyAdmission, type AdmissionClaims } from './services/admission-token.js';
export * from './webhooks/index.js';
