import { statements } from './statements.js';

/**
 * Migration 010: the durable configuration of waiting queues (one row per event with a queue),
 * so a queue backend (Redis) that loses its data never loses the fact that an event sells
 * through a queue. See ports/queue-config.ts for the meaning of `epoch` and `generation`.
 */
export const migration = statements([
  `CREATE TABLE queue_configs (
     event_id text PRIMARY KEY REFERENCES events (id),
     settings jsonb NOT NULL,
     enabled boolean NOT NULL,
     paused boolean NOT NULL DEFAULT false,
     epoch integer NOT NULL DEFAULT 0 CHECK (epoch >= 0),
     generation integer NOT NULL DEFAULT 0 CHECK (generation >= 0),
     draw_seed text,
     draw_seed_hash text,
     updated_at timestamptz NOT NULL,
     last_reset_at timestamptz
   )`,
  // The admission tick lists the queues that must exist: only enabled ones, usually few.
  `CREATE INDEX queue_configs_enabled ON queue_configs (event_id) WHERE enabled`,
]);
