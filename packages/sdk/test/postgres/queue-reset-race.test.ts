import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropSchema, openPostgresStore, type PostgresStore } from '../../src/adapters/postgres/index.js';
import { DEFAULT_QUEUE_SETTINGS } from '../../src/domain/queue.js';
import { seedEvent } from './fixtures.js';
import { PG_URL, pgReachable } from './harness.js';

/**
 * `recordQueueReset` when another process's reset commits while this one waits for the row:
 * the loser must report the generation the winner wrote, not the one its statement's snapshot
 * saw before it waited (the conformance race showed a loser answering generation 0 under load).
 * Made deterministic here: another session holds the row, bumps it, and commits while the
 * store's call waits for it.
 */
describe.skipIf(!pgReachable)('postgres store: a queue reset racing another process', () => {
  const schema = `bo_test_${randomBytes(6).toString('hex')}`;
  let store: PostgresStore;
  beforeAll(async () => {
    store = await openPostgresStore({ connectionString: PG_URL, schema, maxConnections: 4 });
  });
  afterAll(async () => {
    await store.close();
    await dropSchema({ connectionString: PG_URL, schema });
  });

  it('a caller that waited for the winner reports the winner\'s generation, not won', async () => {
    const { event } = await seedEvent(store, { sections: 1, rows: 1, seatsPerRow: 4 });
    await store.queueConfigs!.saveQueueConfig(event.id, { settings: DEFAULT_QUEUE_SETTINGS, drawSeed: null });
    const other = new pg.Client({ connectionString: PG_URL });
    other.on('error', () => {});
    await other.connect();
    try {
      await other.query(`SET search_path TO "${schema}"`);
      await other.query('BEGIN');
      await other.query('UPDATE queue_configs SET generation = generation + 1, last_reset_at = now() WHERE event_id = $1 AND generation = 0', [event.id]);
      const waiting = store.queueConfigs!.recordQueueReset(event.id, 0);
      // Let the call reach the row lock before the other process commits.
      await new Promise((r) => setTimeout(r, 300));
      await other.query('COMMIT');
      const result = await waiting;
      expect(result).toMatchObject({ won: false, config: { generation: 1 } });
    } finally {
      await other.end();
    }
  });
});
