import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type {
  AttemptResult,
  ClaimedDelivery,
  NewWebhookEndpoint,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEndpointSummary,
  WebhookEvent,
  WebhookStore,
} from '../../../ports/webhooks.js';
import { translated } from '../connection/db-errors.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { toIso, toNumber } from '../schema/rows.js';

type Db = Kysely<BoxOfficeDatabase>;
type Timestamp = Date | string;

interface EndpointRow {
  id: string;
  url: string;
  topics: string[] | null;
  description: string | null;
  secret: string;
  created_at: Timestamp;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  event_created_at: Timestamp;
  payload: Record<string, unknown>;
  status: WebhookDeliveryStatus;
  attempt_count: number | string;
  due_at: Timestamp;
  created_at: Timestamp;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number | string;
  at: Timestamp;
  status_code: number | null;
  duration_ms: number | string;
  error: string | null;
}

/** A fresh delivery id, made in SQL so a fan-out of many rows is still one statement. */
const NEW_DELIVERY_ID = sql<string>`'whd_' || substr(md5(random()::text || clock_timestamp()::text), 1, 20)`;

/**
 * The WebhookStore port on PostgreSQL / PGlite. Each method is one statement: the fan-out
 * locks the outbox rows it takes with SKIP LOCKED and marks them dispatched in the same
 * statement, and claims lock due deliveries the same way, so any number of processes can run
 * dispatchers at once without two of them taking one row. Times use `bo_now()`.
 */
export class PostgresWebhookStore implements WebhookStore {
  readonly #db: Db;

  constructor(db: Db) {
    this.#db = db;
  }

  createEndpoint(e: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    return translated(async () => {
      const { rows } = await sql<EndpointRow>`
        INSERT INTO webhook_endpoints (id, url, topics, description, secret, created_at)
        VALUES (${e.id}, ${e.url}, ${e.topics === null ? null : [...e.topics]}::text[], ${e.description}, ${e.secret}, bo_now())
        RETURNING id, url, topics, description, secret, created_at`.execute(this.#db);
      const row = rows[0];
      if (!row) throw new Error('webhook endpoint insert returned no row');
      return { ...endpointFromRow(row), secret: row.secret };
    });
  }

  listEndpoints(): Promise<WebhookEndpointSummary[]> {
    return translated(async () => {
      const { rows } = await sql<EndpointRow>`
        SELECT id, url, topics, description, secret, created_at FROM webhook_endpoints ORDER BY seq`.execute(this.#db);
      return rows.map(endpointFromRow);
    });
  }

  getEndpoint(id: string): Promise<WebhookEndpointSummary | null> {
    return translated(async () => {
      const { rows } = await sql<EndpointRow>`
        SELECT id, url, topics, description, secret, created_at FROM webhook_endpoints WHERE id = ${id}`.execute(this.#db);
      return rows[0] ? endpointFromRow(rows[0]) : null;
    });
  }

  deleteEndpoint(id: string): Promise<boolean> {
    return translated(async () => {
      const { rows } = await sql<{ id: string }>`DELETE FROM webhook_endpoints WHERE id = ${id} RETURNING id`.execute(this.#db);
      return rows.length > 0;
    });
  }

  fanOut(limit: number): Promise<{ messages: number; deliveries: number }> {
    return translated(async () => {
      const { rows } = await sql<{ messages: number | string; deliveries: number | string }>`
        WITH taken AS (
          SELECT id, topic, payload, created_at FROM outbox
          WHERE dispatched_at IS NULL
          ORDER BY created_at, seq
          LIMIT ${Math.max(0, Math.floor(limit))}
          FOR UPDATE SKIP LOCKED
        ), marked AS (
          UPDATE outbox o SET dispatched_at = bo_now() FROM taken WHERE o.id = taken.id RETURNING o.id
        ), created AS (
          INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, event_created_at, payload, status, due_at, created_at)
          SELECT ${NEW_DELIVERY_ID}, e.id, t.id, t.topic, t.created_at, t.payload, 'PENDING', bo_now(), bo_now()
          FROM taken t JOIN webhook_endpoints e ON e.topics IS NULL OR t.topic = ANY (e.topics)
          ON CONFLICT (endpoint_id, event_id) DO NOTHING
          RETURNING id
        )
        SELECT (SELECT count(*) FROM marked) AS messages, (SELECT count(*) FROM created) AS deliveries`.execute(this.#db);
      return { messages: toNumber(rows[0]?.messages ?? 0), deliveries: toNumber(rows[0]?.deliveries ?? 0) };
    });
  }

  enqueue(endpointId: string, event: WebhookEvent): Promise<WebhookDelivery | null> {
    return translated(async () => {
      const { rows } = await sql<DeliveryRow>`
        INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, event_created_at, payload, status, due_at, created_at)
        SELECT ${NEW_DELIVERY_ID}, e.id, ${event.id}, ${event.type}, ${event.createdAt}::timestamptz, ${JSON.stringify(event.data)}::jsonb,
               'PENDING', bo_now(), bo_now()
        FROM webhook_endpoints e WHERE e.id = ${endpointId}
        RETURNING *`.execute(this.#db);
      return rows[0] ? deliveryFromRow(rows[0], []) : null;
    });
  }

  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return translated(async () => {
      const { rows } = await sql<DeliveryRow & { url: string; secret: string }>`
        WITH due AS (
          SELECT id FROM webhook_deliveries
          WHERE status = 'PENDING' AND due_at <= bo_now()
          ORDER BY due_at
          LIMIT ${Math.max(0, Math.floor(limit))}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE webhook_deliveries d
        SET attempt_count = d.attempt_count + 1,
            due_at = bo_now() + ${Math.max(0, Math.round(leaseMs))}::int8 * interval '1 millisecond'
        FROM due, webhook_endpoints e
        WHERE d.id = due.id AND e.id = d.endpoint_id
        RETURNING d.*, e.url, e.secret`.execute(this.#db);
      return rows.map((r) => ({
        id: r.id,
        endpointId: r.endpoint_id,
        url: r.url,
        secret: r.secret,
        event: eventFromRow(r),
        attempt: toNumber(r.attempt_count),
      }));
    });
  }

  recordAttempt(result: AttemptResult): Promise<boolean> {
    const { outcome } = result;
    const status: WebhookDeliveryStatus = outcome.kind === 'delivered' ? 'DELIVERED' : outcome.kind === 'failed' ? 'FAILED' : 'PENDING';
    const retryInMs = outcome.kind === 'retry' ? Math.max(0, Math.round(outcome.retryInMs)) : 0;
    return translated(async () => {
      // Only the current claim may record, once: the attempt number must still be the delivery's.
      const { rows } = await sql<{ delivery_id: string }>`
        WITH updated AS (
          UPDATE webhook_deliveries
          SET status = ${status}, due_at = bo_now() + ${retryInMs}::int8 * interval '1 millisecond'
          WHERE id = ${result.deliveryId} AND status = 'PENDING' AND attempt_count = ${result.attempt}
            AND NOT EXISTS (SELECT 1 FROM webhook_attempts a WHERE a.delivery_id = ${result.deliveryId} AND a.attempt = ${result.attempt})
          RETURNING id
        )
        INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, duration_ms, error)
        SELECT id, ${result.attempt}, bo_now(), ${result.statusCode}, ${Math.round(result.durationMs)}, ${result.error} FROM updated
        ON CONFLICT (delivery_id, attempt) DO NOTHING
        RETURNING delivery_id`.execute(this.#db);
      return rows.length > 0;
    });
  }

  listDeliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    return translated(async () => {
      const { rows } = await sql<DeliveryRow>`
        SELECT * FROM webhook_deliveries WHERE endpoint_id = ${endpointId}
        ORDER BY seq DESC LIMIT ${Math.max(0, Math.floor(limit))}`.execute(this.#db);
      if (rows.length === 0) return [];
      const { rows: attempts } = await sql<AttemptRow>`
        SELECT * FROM webhook_attempts WHERE delivery_id = any(${rows.map((r) => r.id)}::text[])
        ORDER BY attempt DESC`.execute(this.#db);
      return rows.map((r) => deliveryFromRow(r, attempts.filter((a) => a.delivery_id === r.id).map(attemptFromRow)));
    });
  }

  pruneDeliveries(retentionMs: number, limit: number): Promise<number> {
    return translated(async () => {
      // Attempts go with their delivery (ON DELETE CASCADE); rows another pruner holds are skipped.
      const { rows } = await sql<{ id: string }>`
        DELETE FROM webhook_deliveries WHERE id IN (
          SELECT id FROM webhook_deliveries
           WHERE status <> 'PENDING' AND created_at < bo_now() - ${Math.max(0, Math.round(retentionMs))}::int8 * interval '1 millisecond'
           ORDER BY seq
           LIMIT ${Math.max(0, Math.floor(limit))}
             FOR UPDATE SKIP LOCKED)
        RETURNING id`.execute(this.#db);
      return rows.length;
    });
  }
}

function endpointFromRow(r: EndpointRow): WebhookEndpointSummary {
  return { id: r.id, url: r.url, topics: r.topics, description: r.description, createdAt: toIso(r.created_at) };
}

function eventFromRow(r: DeliveryRow): WebhookEvent {
  return { id: r.event_id, type: r.event_type, createdAt: toIso(r.event_created_at), data: r.payload };
}

function attemptFromRow(r: AttemptRow): WebhookAttempt {
  return { attempt: toNumber(r.attempt), at: toIso(r.at), statusCode: r.status_code, durationMs: toNumber(r.duration_ms), error: r.error };
}

function deliveryFromRow(r: DeliveryRow, attempts: WebhookAttempt[]): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    event: eventFromRow(r),
    status: r.status,
    attemptCount: toNumber(r.attempt_count),
    nextAttemptAt: r.status === 'PENDING' ? toIso(r.due_at) : null,
    createdAt: toIso(r.created_at),
    attempts,
  };
}
