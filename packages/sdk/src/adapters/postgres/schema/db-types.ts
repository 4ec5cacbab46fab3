import type { ColumnType, Generated } from 'kysely';
import type {
  BookingStatus,
  EventStatus,
  EventType,
  HoldStatus,
  OutboxTopic,
  PaymentStatus,
  TicketStatus,
} from '../../../domain/types.js';

/**
 * The tables as kysely sees them. Drivers differ in what they hand back for `timestamptz`
 * (a Date on `pg` and PGlite, a string with custom parsers) and `int8` (a string on `pg`, a
 * number on PGlite), so those columns are typed loosely here and normalised in `rows.ts`.
 */
export type Timestamp = ColumnType<Date | string, string, string>;
export type Int8 = ColumnType<string | number | bigint, number, number>;
/** jsonb: the driver parses it on the way out; we send JSON text on the way in. */
export type Json<T> = ColumnType<T, string, string>;

export interface PerformersTable {
  id: string;
  name: string;
  description: string;
  genre: string | null;
}

export interface VenuesTable {
  id: string;
  name: string;
  address: string;
  city: string;
  country: string;
  lat: number;
  lon: number;
  capacity: number;
  seat_map: Json<unknown>;
}

export interface EventsTable {
  id: string;
  title: string;
  description: string;
  type: EventType;
  status: EventStatus;
  starts_at: Timestamp;
  ends_at: Timestamp;
  on_sale_at: Timestamp;
  sales_end_at: Timestamp;
  refund_deadline_at: Timestamp;
  venue_id: string;
  performer_ids: ColumnType<string[], readonly string[], readonly string[]>;
  popularity: number;
  currency: string;
  prices: Json<Record<string, number>>;
  hold_ttl_seconds: number;
  max_tickets_per_user: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TicketsTable {
  id: string;
  event_id: string;
  ordinal: number;
  section: string;
  row: string | null;
  seat: number | null;
  x: number;
  y: number;
  tier: string;
  price: Int8;
  currency: string;
  status: TicketStatus;
  hold_id: string | null;
  reserved_until: Timestamp | null;
  booking_id: string | null;
  holder_id: string | null;
  version: Generated<number>;
}

export interface HoldsTable {
  id: string;
  event_id: string;
  user_id: string;
  ticket_ids: string[];
  total: Int8;
  currency: string;
  status: HoldStatus;
  expires_at: Timestamp;
  created_at: Timestamp;
}

export interface BookingsTable {
  id: string;
  event_id: string;
  user_id: string;
  hold_id: string;
  ticket_ids: string[];
  total: Int8;
  currency: string;
  status: BookingStatus;
  payment_id: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PaymentsTable {
  id: string;
  hold_id: string;
  user_id: string;
  booking_id: string | null;
  amount: Int8;
  currency: string;
  status: PaymentStatus;
  gateway_reference: string | null;
  failure_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  fingerprint: string;
  state: 'in-progress' | 'done';
  response: Json<unknown> | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Migration 009: the claiming call's token, and when its claim lapses unless renewed. */
  owner: string | null;
  lease_until: Timestamp | null;
}

export interface OutboxTable {
  seq: Generated<Int8>;
  id: string;
  topic: OutboxTopic;
  aggregate_id: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
  dispatched_at: Timestamp | null;
}

export interface ClockTable {
  id: Generated<boolean>;
  offset_ms: Int8;
}

/** Every table of the BoxOffice PostgreSQL schema. */
export interface BoxOfficeDatabase {
  performers: PerformersTable;
  venues: VenuesTable;
  events: EventsTable;
  tickets: TicketsTable;
  holds: HoldsTable;
  bookings: BookingsTable;
  payments: PaymentsTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
  bo_clock: ClockTable;
}
