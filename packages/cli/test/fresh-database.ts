import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { requireService } from '@boxoffice/sdk/testing';

/** A PostgreSQL database of a test's own: created with psql, dropped after, nothing left in shared ones. */
const PG_URL = process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

export function psql(sql: string): void {
  const r = spawnSync('psql', [PG_URL, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8', timeout: 15_000 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(r.stderr.trim() || `psql exited ${r.status}`);
}

/** Whether psql reaches the server (a missing service skips, or fails under CI, as `requireService` says). */
export const postgresReachable = (): Promise<boolean> => requireService('PostgreSQL (psql)', async () => psql('SELECT 1'));

export interface FreshDatabase {
  readonly url: string;
  drop(): void;
}

/** Creates `<prefix>_<random>` and returns its URL. */
export function freshDatabase(prefix: string): FreshDatabase {
  const db = `${prefix}_${randomBytes(5).toString('hex')}`;
  psql(`CREATE DATABASE ${db}`);
  const url = new URL(PG_URL);
  url.pathname = `/${db}`;
  return { url: url.toString(), drop: () => psql(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`) };
}
