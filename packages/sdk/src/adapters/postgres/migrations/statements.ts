import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

/** A migration that runs these SQL statements in order (one at a time: PGlite and the extended protocol take one per query). */
export function statements(list: readonly string[]): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const statement of list) await sql.raw(statement).execute(db);
    },
  };
}
