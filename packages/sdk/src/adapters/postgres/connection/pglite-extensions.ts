import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

/**
 * Extensions every embedded (PGlite) database is opened with. Migration 004 (search) uses
 * pg_trgm, and a database that has it must be reopened with it loaded.
 */
export const PGLITE_EXTENSIONS = { pg_trgm };
