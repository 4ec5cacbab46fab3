// Type-checked with tsc --strict and no skipLibCheck where the CLI's install brought every
// backend: each entry's .d.ts must be complete with the backends' own packages alone.
import { createServer, startServer } from '@boxoffice/server';
import { openPgliteStore } from '@boxoffice/sdk/pglite';
import { openPostgresStore, type PgPool, type PostgresStore } from '@boxoffice/sdk/postgres';
import { RedisEventBus, RedisQueue, RedisSearchCache } from '@boxoffice/sdk/redis';
import { LunrSearchIndex } from '@boxoffice/sdk/lunr';
import { storeConformance } from '@boxoffice/sdk/testing';

export const entries = [createServer, startServer, openPgliteStore, openPostgresStore, RedisEventBus, RedisQueue, RedisSearchCache, LunrSearchIndex, storeConformance];
export type Opened = PostgresStore;
export type Pool = PgPool;
