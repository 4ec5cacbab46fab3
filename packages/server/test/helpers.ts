import { createBoxOffice, MemoryStore, signToken, TestPaymentGateway, type BoxOffice, type WebhookOptions } from '@boxoffice/sdk';
import { createHallEvent } from '@boxoffice/sdk/testing';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { createServer, type ServerOptions } from '../src/index.js';
import { watchContract } from './contract-watch.js';

export const SECRET = 'test-secret-0123456789abcdef';

/**
 * Server options for tests: quiet, fresh views at once, and no shedding on event-loop lag
 * (test files run in parallel on two cores; lag shedding has a test of its own).
 */
export const TEST_SERVER = {
  logger: false,
  defaultMetrics: false,
  cache: { minRefreshMs: 0 },
  shedding: { maxEventLoopLagMs: 0 },
} as const satisfies Partial<ServerOptions>;

export interface TestApp {
  readonly app: FastifyInstance;
  readonly bo: BoxOffice;
  readonly store: MemoryStore;
  readonly gateway: TestPaymentGateway;
  /** Authorization headers for alice, bob (users) and ops (admin). */
  readonly as: { alice: Record<string, string>; bob: Record<string, string>; admin: Record<string, string> };
  close(): Promise<void>;
}

export function bearer(userId: string, role: 'user' | 'admin' = 'user'): Record<string, string> {
  return { authorization: `Bearer ${signToken(SECRET, { userId, role })}` };
}

export interface TestWebhookOptions {
  /** Accept webhook endpoints on loopback (the tests' receivers). */
  readonly allowPrivateWebhooks?: boolean;
  /** How the registration resolves endpoint host names. */
  readonly webhookLookup?: WebhookOptions['lookup'];
  /** A BoxOffice without a webhook store (its webhook routes answer 503). */
  readonly withoutWebhooks?: boolean;
}

/** A server over a fresh memory store, not listening (use `app.inject`). */
export async function testApp({ allowPrivateWebhooks = false, webhookLookup, withoutWebhooks = false, ...options }: Partial<ServerOptions> & TestWebhookOptions = {}): Promise<TestApp> {
  const store = new MemoryStore();
  const gateway = new TestPaymentGateway({ timeoutMs: 5 });
  const webhooks = { allowPrivateTargets: allowPrivateWebhooks, ...(webhookLookup ? { lookup: webhookLookup } : {}), ...(withoutWebhooks ? { store: null } : {}) };
  const bo = createBoxOffice({ store, payments: gateway, webhooks });
  const app = createServer({ boxOffice: bo, secret: SECRET, ...TEST_SERVER, idempotency: store, ...options });
  // Every answer on a documented route must agree with /openapi.json (see contract-watch.ts).
  const contract = watchContract(app);
  await app.ready();
  return {
    app,
    bo,
    store,
    gateway,
    as: { alice: bearer('alice'), bob: bearer('bob'), admin: bearer('ops', 'admin') },
    close: async () => {
      await app.close();
      await bo.close();
      const disagreements = contract.problems();
      if (disagreements.length > 0) throw new Error(`answers that disagree with /openapi.json:\n${[...new Set(disagreements)].slice(0, 20).join('\n')}`);
    },
  };
}

/** An event in the test hall (see the SDK's fixtures), on sale now. */
export async function hallEvent(t: TestApp, overrides: Parameters<typeof createHallEvent>[1] = {}) {
  return createHallEvent(t.bo, overrides);
}

/** A 10,000-seat event (100 rows of 100), on sale, beside the small hall event whose performers it shares. */
export async function bigEvent(t: TestApp) {
  const venue = await t.bo.createVenue({
    name: 'Arena', city: 'Porto', lat: 41.1, lon: -8.6,
    seatMap: { sections: [{ id: 'A', name: 'A', tier: 't', rows: Array.from({ length: 100 }, (_, i) => ({ label: `R${i}`, seatCount: 100 })) }] },
  });
  const { event: hall } = await hallEvent(t);
  const event = await t.bo.createEvent({
    title: 'Big night', type: 'concert', startsAt: new Date(Date.now() + 86_400_000).toISOString(), onSaleAt: new Date(Date.now() - 60_000).toISOString(),
    venueId: venue.id, performerIds: [...hall.performerIds], currency: 'EUR', prices: { t: 1000 },
  });
  return { event, hall };
}

export async function call(t: TestApp, options: InjectOptions): Promise<LightMyRequestResponse & { body: string; json<T = any>(): T }> {
  return t.app.inject(options) as never;
}

/** Listens on a free loopback port and returns the server's URL. */
export async function listenUrl(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
