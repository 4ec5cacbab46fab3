import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dropSchema, openPostgresStore } from '../../src/adapters/postgres/index.js';
import { hasClockControl } from '../../src/ports/store.js';
import { PG_URL, pgReachable } from './harness.js';

const run = pgReachable ? describe : describe.skip;

run('openPostgresStore', () => {
  it('migrates a schema once even when several processes open it at once', async () => {
    const schema = `bo_test_${randomBytes(6).toString('hex')}`;
    const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresStore({ connectionString: PG_URL, schema })));
    try {
      expect(stores.every((s) => s.kind === 'postgres' && hasClockControl(s))).toBe(true);
      const tables = await stores[0]!.db.introspection.getTables();
      const names = tables.filter((t) => t.schema === schema).map((t) => t.name);
      expect(names).toEqual(expect.arrayContaining(['tickets', 'holds', 'bookings', 'payments', 'outbox', 'idempotency_keys', 'bo_clock']));
      // Clock moves are shared by every connection of the schema, and only that schema.
      const before = await stores[1]!.now();
      await stores[0]!.advanceClock(86_400_000);
      expect((await stores[2]!.now()) - before).toBeGreaterThanOrEqual(86_400_000);
    } finally {
      for (const s of stores) await s.close();
      await dropSchema({ connectionString: PG_URL, schema });
    }
  });

  it('borrows a pool without ending it, with its own search_path', async () => {
    const schema = `bo_test_${randomBytes(6).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 3 });
    try {
      const store = await openPostgresStore({ pool, schema });
      expect(Math.abs((await store.now()) - Date.now())).toBeLessThan(60_000);
      await store.createPerformer({ id: 'prf_pool', name: 'Pool', description: '', genre: null });
      await store.close();
      const { rows } = await pool.query(`SELECT name FROM "${schema}".performers`);
      expect(rows).toEqual([{ name: 'Pool' }]);
    } finally {
      await dropSchema({ pool, schema });
      await pool.end();
    }
  });

  it('refuses bad options naming the field', async () => {
    await expect(openPostgresStore({ connectionString: PG_URL, schema: 'Robert"; DROP' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'schema' });
    await expect(openPostgresStore({})).rejects.toMatchObject({ code: 'VALIDATION', field: 'connectionString' });
  });

  it('reports an unreachable server as UNAVAILABLE', async () => {
    await expect(openPostgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
