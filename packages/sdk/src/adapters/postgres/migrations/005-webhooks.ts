import { statements } from './statements.js';

/**
 * Migration 005: webhook endpoints, their deliveries and every attempt (see store/webhooks.ts).
 * A delivery is unique per (endpoint, event), so a message is never fanned out twice to one
 * endpoint even if a fan-out ran again; deleting an endpoint deletes its deliveries.
 */
const WEBHOOK_STATEMENTS: readonly string[] = [
  `CREATE TABLE webhook_endpoints (
     seq bigint GENERATED ALWAYS AS IDENTITY,
     id text PRIMARY KEY,
     url text NOT NULL,
     topics text[],
     description text,
     secret text NOT NULL,
     created_at timestamptz NOT NULL)`,
  `CREATE TABLE webhook_deliveries (
     seq bigint GENERATED ALWAYS AS IDENTITY,
     id text PRIMARY KEY,
     endpoint_id text NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
     event_id text NOT NULL,
     event_type text NOT NULL,
     event_created_at timestamptz NOT NULL,
     payload jsonb NOT NULL,
     status text NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
     attempt_count integer NOT NULL DEFAULT 0,
     due_at timestamptz NOT NULL,
     created_at timestamptz NOT NULL,
     UNIQUE (endpoint_id, event_id))`,
  `CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (due_at) WHERE status = 'PENDING'`,
  `CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, seq)`,
  `CREATE TABLE webhook_attempts (
     delivery_id text NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
     attempt integer NOT NULL,
     at timestamptz NOT NULL,
     status_code integer,
     duration_ms integer NOT NULL,
     error text,
     PRIMARY KEY (delivery_id, attempt))`,
];

export const migration = statements(WEBHOOK_STATEMENTS);
