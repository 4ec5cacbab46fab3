/**
 * A deployment for `pnpm bench onsale`: a fresh PostgreSQL database (created, migrated, and
 * dropped at the end), a Redis key prefix of its own, and N `boxoffice serve` processes on them
 * (the built CLI, as an operator runs it), optionally under `node --cpu-prof`.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openPostgresStore, type PostgresStore } from '@boxoffice/sdk/postgres';
import { spawnListening, type Spawned } from './processes.js';

const cli = fileURLToPath(new URL('../../packages/cli/bin/boxoffice.mjs', import.meta.url));

export interface OnSaleDeployment {
  readonly databaseUrl: string;
  readonly urls: readonly string[];
  /** The servers' process ids, in the order of `urls` (for their memory, say). */
  readonly pids: readonly (number | undefined)[];
  readonly secret: string;
  /** A store on the same database, for audits and seeding from the benchmark itself. */
  readonly store: PostgresStore;
  readonly pool: pg.Pool;
  close(): Promise<void>;
}

export async function deployOnSale(options: {
  readonly adminUrl: string;
  readonly redisUrl: string;
  readonly processes: number;
  /** Write each server's CPU profile into this directory (`node --cpu-prof`). */
  readonly profileDir?: string | undefined;
  /** Each server's PostgreSQL pool size (the store URL's `?pool=`); the store's default when absent. */
  readonly serverPool?: number | undefined;
}): Promise<OnSaleDeployment> {
  const name = `bo_bench_onsale_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: options.adminUrl });
  admin.on('error', () => {});
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const databaseUrl = withDatabase(options.adminUrl, name);
  const secret = randomBytes(24).toString('hex');
  const servers: Spawned[] = [];
  let store: PostgresStore | undefined;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  pool.on('error', () => {});
  const close = async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await store?.close();
    await pool.end();
    const again = new pg.Client({ connectionString: options.adminUrl });
    again.on('error', () => {});
    await again.connect();
    await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await again.end();
  };
  try {
    // Migrated once, before the servers open it.
    store = await openPostgresStore({ connectionString: databaseUrl, maxConnections: 4 });
    if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
    const prefix = `${name}:`;
    const serverStore = options.serverPool === undefined ? databaseUrl : `${databaseUrl}?pool=${options.serverPool}`;
    for (let i = 0; i < options.processes; i++) {
      const node = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${join(options.profileDir, `server-${i + 1}`)}`] : [];
      servers.push(
        await spawnListening([...node, cli, 'serve', '--port', '0', '--json', '--log-level', 'warn', '--store', serverStore, '--redis', options.redisUrl, '--redis-prefix', prefix], {
          BOXOFFICE_SECRET: secret,
        }),
      );
    }
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
  return { databaseUrl, urls: servers.map((s) => s.url), pids: servers.map((s) => s.child.pid), secret, store, pool, close };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
