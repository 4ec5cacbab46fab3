import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { QueueSettings } from '../../../domain/queue.js';
import type { QueueConfig, QueueConfigStore, QueueDrawSeed } from '../../../ports/queue-config.js';
import { translated } from '../connection/db-errors.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { toIso, toIsoOrNull, toNumber } from '../schema/rows.js';

type Db = Kysely<BoxOfficeDatabase>;

interface ConfigRow {
  event_id: string;
  settings: QueueSettings | string;
  paused: boolean;
  epoch: number | string;
  generation: number | string;
  draw_seed: string | null;
  draw_seed_hash: string | null;
  updated_at: Date | string;
  last_reset_at: Date | string | null;
}

const COLUMNS = sql.raw('event_id, settings, paused, epoch, generation, draw_seed, draw_seed_hash, updated_at, last_reset_at');

function configFromRow(r: ConfigRow): QueueConfig {
  return {
    eventId: r.event_id,
    settings: typeof r.settings === 'string' ? (JSON.parse(r.settings) as QueueSettings) : r.settings,
    paused: r.paused,
    epoch: toNumber(r.epoch),
    generation: toNumber(r.generation),
    drawSeed: r.draw_seed !== null && r.draw_seed_hash !== null ? { seed: r.draw_seed, seedHash: r.draw_seed_hash } : null,
    updatedAt: toIso(r.updated_at),
    lastResetAt: toIsoOrNull(r.last_reset_at),
  };
}

/**
 * The QueueConfigStore port on PostgreSQL / PGlite (migration 010). Each method is one
 * statement, so concurrent operators and processes never interleave a read and a write:
 * the epoch bump and the reset compare-and-set are decided inside the statement.
 */
export class PostgresQueueConfigStore implements QueueConfigStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  saveQueueConfig(eventId: string, change: { settings: QueueSettings; drawSeed: QueueDrawSeed | null; paused?: boolean }): Promise<QueueConfig> {
    const enabled = change.settings.enabled;
    const paused = change.paused ?? null;
    return translated(async () => {
      const { rows } = await sql<ConfigRow>`
        INSERT INTO queue_configs AS q (event_id, settings, enabled, paused, epoch, generation, draw_seed, draw_seed_hash, updated_at)
        VALUES (${eventId}, ${JSON.stringify(change.settings)}::jsonb, ${enabled}, coalesce(${paused}::boolean, false), ${enabled ? 1 : 0}, 0,
                ${change.drawSeed?.seed ?? null}, ${change.drawSeed?.seedHash ?? null}, bo_now())
        ON CONFLICT (event_id) DO UPDATE SET
          settings = excluded.settings,
          enabled = excluded.enabled,
          paused = coalesce(${paused}::boolean, q.paused),
          epoch = q.epoch + CASE WHEN excluded.enabled AND NOT q.enabled THEN 1 ELSE 0 END,
          draw_seed = coalesce(q.draw_seed, excluded.draw_seed),
          draw_seed_hash = coalesce(q.draw_seed_hash, excluded.draw_seed_hash),
          updated_at = bo_now()
        RETURNING ${COLUMNS}`.execute(this.#db);
      return configFromRow(rows[0]!);
    });
  }

  setQueuePaused(eventId: string, paused: boolean): Promise<QueueConfig | null> {
    return translated(async () => {
      const { rows } = await sql<ConfigRow>`
        UPDATE queue_configs SET paused = ${paused}, updated_at = bo_now() WHERE event_id = ${eventId} RETURNING ${COLUMNS}`.execute(this.#db);
      return rows[0] ? configFromRow(rows[0]) : null;
    });
  }

  getQueueConfig(eventId: string): Promise<QueueConfig | null> {
    return translated(async () => {
      const { rows } = await sql<ConfigRow>`SELECT ${COLUMNS} FROM queue_configs WHERE event_id = ${eventId}`.execute(this.#db);
      return rows[0] ? configFromRow(rows[0]) : null;
    });
  }

  listEnabledQueueConfigs(): Promise<QueueConfig[]> {
    return translated(async () => {
      const { rows } = await sql<ConfigRow>`SELECT ${COLUMNS} FROM queue_configs WHERE enabled ORDER BY event_id`.execute(this.#db);
      return rows.map(configFromRow);
    });
  }

  recordQueueReset(eventId: string, fromGeneration: number): Promise<{ won: boolean; config: QueueConfig } | null> {
    return translated(async () => {
      const { rows } = await sql<ConfigRow>`
        UPDATE queue_configs SET generation = generation + 1, last_reset_at = bo_now()
        WHERE event_id = ${eventId} AND generation = ${fromGeneration}
        RETURNING ${COLUMNS}`.execute(this.#db);
      if (rows[0]) return { won: true, config: configFromRow(rows[0]) };
      // Lost the race (or nothing to move): read the row in a statement of its own. A fallback in
      // the UPDATE's own statement would read its snapshot, taken before the winner committed,
      // and report the old generation to a loser that waited for the winner's row lock.
      const config = await this.getQueueConfig(eventId);
      return config ? { won: false, config } : null;
    });
  }

}
