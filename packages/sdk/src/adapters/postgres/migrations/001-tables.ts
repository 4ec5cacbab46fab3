import { statements } from './statements.js';

/**
 * Migration 001: the tables, their indexes and the store's clock. Plain SQL statements, one
 * per entry (PGlite and the extended protocol take one statement at a time). Unqualified
 * names: they land in the first schema of the connection's `search_path`.
 *
 * Never edit a released migration; add a new one.
 */
const TABLE_STATEMENTS: readonly string[] = [
  // The store's clock: `bo_now()` is the wall clock plus an offset tests may advance. It is
  // truncated to milliseconds so every stored instant round-trips exactly through JS Dates.
  // VOLATILE (it reads clock_timestamp()): queries call it once, in a variable or `(SELECT bo_now())`.
  `CREATE TABLE bo_clock (
     id boolean PRIMARY KEY DEFAULT true CHECK (id),
     offset_ms bigint NOT NULL DEFAULT 0)`,
  `INSERT INTO bo_clock DEFAULT VALUES`,
  `CREATE FUNCTION bo_now() RETURNS timestamptz
     LANGUAGE sql VOLATILE SET search_path FROM CURRENT
     AS $$ SELECT date_trunc('milliseconds', clock_timestamp()) + offset_ms * interval '1 millisecond' FROM bo_clock $$`,

  `CREATE TABLE performers (
     id text PRIMARY KEY,
     name text NOT NULL,
     description text NOT NULL DEFAULT '',
     genre text)`,

  `CREATE TABLE venues (
     id text PRIMARY KEY,
     name text NOT NULL,
     address text NOT NULL DEFAULT '',
     city text NOT NULL DEFAULT '',
     country text NOT NULL DEFAULT '',
     lat double precision NOT NULL,
     lon double precision NOT NULL,
     capacity integer NOT NULL,
     seat_map jsonb NOT NULL)`,

  `CREATE TABLE events (
     id text PRIMARY KEY,
     title text NOT NULL,
     description text NOT NULL DEFAULT '',
     type text NOT NULL,
     status text NOT NULL,
     starts_at timestamptz NOT NULL,
     ends_at timestamptz NOT NULL,
     on_sale_at timestamptz NOT NULL,
     venue_id text NOT NULL REFERENCES venues (id),
     performer_ids text[] NOT NULL DEFAULT '{}',
     popularity double precision NOT NULL DEFAULT 0,
     currency text NOT NULL,
     prices jsonb NOT NULL,
     hold_ttl_seconds integer NOT NULL,
     max_tickets_per_user integer,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL)`,
  `CREATE INDEX events_starts_at_idx ON events (starts_at, id)`,

  // holder_id: the user holding (RESERVED) or owning (SOLD) the ticket, for the per-user cap.
  // ordinal: the place's index in the venue's layout, for stable ordering.
  `CREATE TABLE tickets (
     id text PRIMARY KEY,
     event_id text NOT NULL REFERENCES events (id),
     ordinal integer NOT NULL,
     section text NOT NULL,
     "row" text,
     seat integer,
     x double precision NOT NULL,
     y double precision NOT NULL,
     tier text NOT NULL,
     price bigint NOT NULL CHECK (price >= 0),
     currency text NOT NULL,
     status text NOT NULL DEFAULT 'AVAILABLE' CHECK (status IN ('AVAILABLE', 'RESERVED', 'SOLD')),
     hold_id text,
     reserved_until timestamptz,
     booking_id text,
     holder_id text,
     version integer NOT NULL DEFAULT 0,
     CHECK (status <> 'RESERVED' OR (hold_id IS NOT NULL AND reserved_until IS NOT NULL)),
     CHECK (status <> 'SOLD' OR booking_id IS NOT NULL))`,
  `CREATE UNIQUE INDEX tickets_event_ordinal_idx ON tickets (event_id, ordinal)`,
  `CREATE INDEX tickets_event_place_idx ON tickets (event_id, section, "row", seat)`,
  `CREATE INDEX tickets_hold_idx ON tickets (hold_id) WHERE hold_id IS NOT NULL`,
  `CREATE INDEX tickets_event_holder_idx ON tickets (event_id, holder_id) WHERE holder_id IS NOT NULL`,

  `CREATE TABLE holds (
     id text PRIMARY KEY,
     event_id text NOT NULL REFERENCES events (id),
     user_id text NOT NULL,
     ticket_ids text[] NOT NULL,
     total bigint NOT NULL,
     currency text NOT NULL,
     status text NOT NULL CHECK (status IN ('ACTIVE', 'RELEASED', 'EXPIRED', 'CONFIRMED')),
     expires_at timestamptz NOT NULL,
     created_at timestamptz NOT NULL)`,
  `CREATE INDEX holds_active_expiry_idx ON holds (status, expires_at) WHERE status = 'ACTIVE'`,

  `CREATE TABLE bookings (
     id text PRIMARY KEY,
     event_id text NOT NULL REFERENCES events (id),
     user_id text NOT NULL,
     hold_id text NOT NULL UNIQUE REFERENCES holds (id),
     ticket_ids text[] NOT NULL,
     total bigint NOT NULL,
     currency text NOT NULL,
     status text NOT NULL CHECK (status IN ('CONFIRMED', 'CANCELLED')),
     payment_id text NOT NULL,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL)`,
  `CREATE INDEX bookings_user_idx ON bookings (user_id, created_at, id)`,
  `CREATE INDEX bookings_event_idx ON bookings (event_id, created_at, id)`,

  `CREATE TABLE payments (
     id text PRIMARY KEY,
     hold_id text NOT NULL,
     user_id text NOT NULL,
     booking_id text,
     amount bigint NOT NULL CHECK (amount >= 0),
     currency text NOT NULL,
     status text NOT NULL CHECK (status IN
       ('AUTHORIZING', 'AUTHORIZED', 'DECLINED', 'UNCERTAIN', 'CAPTURED', 'VOIDED', 'REFUNDED')),
     gateway_reference text,
     failure_reason text,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL)`,
  `CREATE INDEX payments_status_idx ON payments (status, updated_at)`,
  `CREATE INDEX payments_hold_idx ON payments (hold_id)`,

  `CREATE TABLE idempotency_keys (
     scope text NOT NULL,
     "key" text NOT NULL,
     fingerprint text NOT NULL,
     state text NOT NULL CHECK (state IN ('in-progress', 'done')),
     response jsonb,
     created_at timestamptz NOT NULL,
     updated_at timestamptz NOT NULL,
     PRIMARY KEY (scope, "key"))`,

  `CREATE TABLE outbox (
     seq bigint GENERATED ALWAYS AS IDENTITY,
     id text PRIMARY KEY,
     topic text NOT NULL,
     aggregate_id text NOT NULL,
     payload jsonb NOT NULL,
     created_at timestamptz NOT NULL,
     dispatched_at timestamptz)`,
  `CREATE INDEX outbox_pending_idx ON outbox (created_at, seq) WHERE dispatched_at IS NULL`,
  `CREATE INDEX outbox_seq_idx ON outbox (seq)`,
];

export const migration = statements(TABLE_STATEMENTS);
