import { Migrator } from 'kysely';
import type { Kysely, MigrationResultSet } from 'kysely';
import { BoxOfficeError, isBoxOfficeError } from '../../../domain/errors.js';
import { translateDbError } from '../connection/db-errors.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { migrationProvider } from './registry.js';

export interface MigrateOptions {
  /** Schema holding the tables and kysely's migration tables (default `public`). */
  readonly schema?: string;
}

/**
 * Brings the schema to the latest version. kysely's Migrator runs the pending migrations
 * (registry.ts) in one transaction under its own lock, so several processes starting at once
 * migrate once. The connection's `search_path` must already name `schema` first (the store's
 * openers arrange it). Throws a BoxOfficeError on failure.
 */
export async function migrateToLatest(
  db: Kysely<BoxOfficeDatabase>,
  options: MigrateOptions = {},
): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    // The Migrator is typed over Kysely<any>; our own tables play no part in its queries.
    db: db as unknown as Kysely<Record<string, never>>,
    provider: migrationProvider,
    migrationTableSchema: options.schema ?? 'public',
    migrationTableName: 'bo_migration',
    migrationLockTableName: 'bo_migration_lock',
  });
  let result = await migrator.migrateToLatest();
  // kysely's Migrator looks for its tables by listing every table of the database; a schema
  // another process drops at that moment (tests and benchmarks isolate by schema) makes that
  // listing fail with 3F000 for a schema that is not ours. Nothing was migrated: try again.
  for (let attempt = 0; attempt < 5 && isOtherSchemaVanished(result.error, options.schema ?? 'public'); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * (attempt + 1)));
    result = await migrator.migrateToLatest();
  }
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName;
    const cause = result.error;
    const translated = translateDbError(cause);
    if (isBoxOfficeError(translated, 'UNAVAILABLE')) throw translated;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new BoxOfficeError('INTERNAL', `database migration ${failed ?? ''} failed: ${reason}`.replace('  ', ' '), {
      cause,
    });
  }
  return result;
}

function isOtherSchemaVanished(error: unknown, ours: string): boolean {
  if (error === undefined || (error as { code?: unknown }).code !== '3F000') return false;
  const message = error instanceof Error ? error.message : String(error);
  return !message.includes(`"${ours}"`);
}
