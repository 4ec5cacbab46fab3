import { randomBytes } from 'node:crypto';
import { dropSchema, openPostgresStore } from '@boxoffice/sdk/postgres';
import { adaptersUnderTest, requireService } from '@boxoffice/sdk/testing';

export const PG_URL = process.env.BOXOFFICE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * True when PostgreSQL is wanted (BOXOFFICE_ADAPTERS) and answers: a store is opened (and
 * migrated) in a throw-away schema, then dropped. Unreachable: false with a printed message,
 * or a failure under CI=true (`requireService`).
 */
export async function postgresReachable(): Promise<boolean> {
  if (!adaptersUnderTest().has('postgres')) return false;
  const schema = `bo_probe_${randomBytes(5).toString('hex')}`;
  return requireService('PostgreSQL', async () => {
    const probe = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 1 });
    try {
      await probe.now();
    } finally {
      await probe.close();
      await dropSchema({ connectionString: PG_URL, schema });
    }
  });
}
