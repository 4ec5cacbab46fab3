import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The server's Prometheus metrics, on a registry of its own (several servers may share a process). */
export class Metrics {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'boxoffice_http_request_duration_seconds',
    help: 'HTTP request latency by route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly holds = new Counter({
    name: 'boxoffice_holds_total',
    help: 'Hold attempts through this server, by outcome (ok or the error code).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly bookings = new Counter({
    name: 'boxoffice_bookings_total',
    help: 'Confirm and one-shot booking attempts, by outcome (ok or the error code).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly viewCache = new Counter({
    name: 'boxoffice_view_cache_total',
    help: 'Event view lookups by result: hit, shared (built by another process, from Redis), miss (loaded from the store).',
    labelNames: ['view', 'result'] as const,
    registers: [this.registry],
  });
  readonly queueResets = new Counter({
    name: 'boxoffice_queue_resets_total',
    help: 'Waiting queues this process re-created from their durable configuration after Redis lost them (a restart without persistence).',
    registers: [this.registry],
  });
  readonly httpConnections = new Gauge({
    name: 'boxoffice_http_connections',
    help: 'Open client connections (keep-alive included), live sockets before their upgrade too.',
    registers: [this.registry],
  });
  readonly httpConnectionsAccepted = new Counter({
    name: 'boxoffice_http_connections_total',
    help: 'Client connections accepted since the start.',
    registers: [this.registry],
  });
  readonly wsClients = new Gauge({
    name: 'boxoffice_ws_clients',
    help: 'Connected live seat-map WebSocket clients.',
    registers: [this.registry],
  });
  readonly wsDiffs = new Counter({
    name: 'boxoffice_ws_diffs_total',
    help: 'Availability diffs pushed (one per event per flush, whatever the number of clients).',
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean; storeCallAgeMs?: () => number } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'boxoffice_' });
    const age = options.storeCallAgeMs;
    if (age) {
      // Read at scrape time: a stalled booking path shows before any request completes.
      new Gauge({
        name: 'boxoffice_store_oldest_call_seconds',
        help: 'How long the oldest store call still in flight has been running (0 when none is).',
        registers: [this.registry],
        collect() {
          this.set(age() / 1000);
        },
      });
    }
  }
}
