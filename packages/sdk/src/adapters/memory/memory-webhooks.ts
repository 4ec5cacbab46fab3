import type { OutboxMessage } from '../../domain/types.js';
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
} from '../../ports/webhooks.js';
import { randomBytes } from 'node:crypto';

/** What the memory webhook store needs of the memory store: its clock and its outbox. */
export interface MemoryOutboxSource {
  now(): Promise<number>;
  listOutbox(options: { undispatchedOnly: boolean; limit: number }): Promise<OutboxMessage[]>;
  markDispatched(ids: readonly string[]): Promise<void>;
}

interface DeliveryRecord {
  readonly id: string;
  readonly endpointId: string;
  readonly event: WebhookEvent;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  dueAt: number;
  readonly createdAt: string;
  readonly attempts: WebhookAttempt[];
}

/**
 * The WebhookStore port in one process's memory, beside the memory store (kept in its own file
 * so the memory store's internals stay untouched). Steps that read then write run one at a
 * time through a promise chain, so two dispatchers in one process never fan a message out twice.
 */
export class MemoryWebhookStore implements WebhookStore {
  readonly #source: MemoryOutboxSource;
  readonly #endpoints = new Map<string, WebhookEndpoint>();
  readonly #deliveries = new Map<string, DeliveryRecord>();
  #chain: Promise<unknown> = Promise.resolve();

  constructor(source: MemoryOutboxSource) {
    this.#source = source;
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(work, work);
    this.#chain = run.catch(() => undefined);
    return run;
  }

  async createEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const created: WebhookEndpoint = {
      id: endpoint.id,
      url: endpoint.url,
      topics: endpoint.topics === null ? null : [...endpoint.topics],
      description: endpoint.description,
      secret: endpoint.secret,
      createdAt: new Date(await this.#source.now()).toISOString(),
    };
    this.#endpoints.set(created.id, created);
    return { ...created };
  }

  async listEndpoints(): Promise<WebhookEndpointSummary[]> {
    return [...this.#endpoints.values()].map(summary);
  }

  async getEndpoint(id: string): Promise<WebhookEndpointSummary | null> {
    const found = this.#endpoints.get(id);
    return found ? summary(found) : null;
  }

  async deleteEndpoint(id: string): Promise<boolean> {
    if (!this.#endpoints.delete(id)) return false;
    for (const [key, d] of this.#deliveries) if (d.endpointId === id) this.#deliveries.delete(key);
    return true;
  }

  fanOut(limit: number): Promise<{ messages: number; deliveries: number }> {
    return this.#serial(async () => {
      const messages = await this.#source.listOutbox({ undispatchedOnly: true, limit });
      const now = await this.#source.now();
      let deliveries = 0;
      for (const m of messages) {
        const event: WebhookEvent = { id: m.id, type: m.topic, createdAt: m.createdAt, data: { ...m.payload } };
        for (const endpoint of this.#endpoints.values()) {
          if (endpoint.topics !== null && !endpoint.topics.includes(m.topic)) continue;
          this.#add(endpoint.id, event, now);
          deliveries++;
        }
      }
      await this.#source.markDispatched(messages.map((m) => m.id));
      return { messages: messages.length, deliveries };
    });
  }

  async enqueue(endpointId: string, event: WebhookEvent): Promise<WebhookDelivery | null> {
    if (!this.#endpoints.has(endpointId)) return null;
    return view(this.#add(endpointId, event, await this.#source.now()));
  }

  claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    return this.#serial(async () => {
      const now = await this.#source.now();
      const due = [...this.#deliveries.values()]
        .filter((d) => d.status === 'PENDING' && d.dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt)
        .slice(0, Math.max(0, limit));
      return due.flatMap((d) => {
        const endpoint = this.#endpoints.get(d.endpointId);
        if (!endpoint) return [];
        d.attemptCount++;
        d.dueAt = now + leaseMs;
        return [{ id: d.id, endpointId: d.endpointId, url: endpoint.url, secret: endpoint.secret, event: d.event, attempt: d.attemptCount }];
      });
    });
  }

  async recordAttempt(result: AttemptResult): Promise<boolean> {
    const d = this.#deliveries.get(result.deliveryId);
    if (!d || d.status !== 'PENDING' || d.attemptCount !== result.attempt) return false;
    if (d.attempts.some((a) => a.attempt === result.attempt)) return false; // recorded already
    const now = await this.#source.now();
    d.attempts.push({
      attempt: result.attempt,
      at: new Date(now).toISOString(),
      statusCode: result.statusCode,
      durationMs: result.durationMs,
      error: result.error,
    });
    if (result.outcome.kind === 'delivered') d.status = 'DELIVERED';
    else if (result.outcome.kind === 'failed') d.status = 'FAILED';
    else d.dueAt = now + result.outcome.retryInMs;
    return true;
  }

  async listDeliveries(endpointId: string, limit: number): Promise<WebhookDelivery[]> {
    return [...this.#deliveries.values()]
      .filter((d) => d.endpointId === endpointId)
      .reverse()
      .slice(0, Math.max(0, limit))
      .map(view);
  }

  async pruneDeliveries(retentionMs: number, limit: number): Promise<number> {
    const cutoff = (await this.#source.now()) - retentionMs;
    let pruned = 0;
    for (const d of this.#deliveries.values()) {
      if (pruned >= limit) break;
      if (d.status !== 'PENDING' && Date.parse(d.createdAt) < cutoff) {
        this.#deliveries.delete(d.id);
        pruned++;
      }
    }
    return pruned;
  }

  #add(endpointId: string, event: WebhookEvent, now: number): DeliveryRecord {
    const record: DeliveryRecord = {
      id: `whd_${randomBytes(10).toString('hex')}`,
      endpointId,
      event,
      status: 'PENDING',
      attemptCount: 0,
      dueAt: now,
      createdAt: new Date(now).toISOString(),
      attempts: [],
    };
    this.#deliveries.set(record.id, record);
    return record;
  }
}

function summary(e: WebhookEndpoint): WebhookEndpointSummary {
  return { id: e.id, url: e.url, topics: e.topics === null ? null : [...e.topics], description: e.description, createdAt: e.createdAt };
}

function view(d: DeliveryRecord): WebhookDelivery {
  return {
    id: d.id,
    endpointId: d.endpointId,
    event: d.event,
    status: d.status,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.status === 'PENDING' ? new Date(d.dueAt).toISOString() : null,
    createdAt: d.createdAt,
    attempts: [...d.attempts].reverse(),
  };
}
