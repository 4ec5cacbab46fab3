// Type-checked with tsc --strict and no skipLibCheck where the CLI's install brought every
// backend: each entry's .d.ts must be complete with the backends' own packages alone (and
// /schemas's with zod, which the server depends on).
import { createServer, startServer } from '@boxoffice/server';
import { openPgliteStore } from '@boxoffice/sdk/pglite';
import { openPostgresStore, type PgPool, type PostgresStore } from '@boxoffice/sdk/postgres';
import { RedisEventBus, RedisQueue, RedisSearchCache } from '@boxoffice/sdk/redis';
import { LunrSearchIndex } from '@boxoffice/sdk/lunr';
import { storeConformance } from '@boxoffice/sdk/testing';
import { holdInput, parseInput } from '@boxoffice/sdk/schemas';
import type * as z from 'zod';

export const entries = [createServer, startServer, openPgliteStore, openPostgresStore, RedisEventBus, RedisQueue, RedisSearchCache, LunrSearchIndex, storeConformance, parseInput];
export type Opened = PostgresStore;
export type Pool = PgPool;
/** The schemas are zod 4 types, usable with the consumer's own zod. */
export type HoldBody = z.input<typeof holdInput>;
