import { randomBytes } from 'node:crypto';
import { BoxOfficeError, checkWebhookEndpoint, notFound, PING_TYPE, type WebhookStore, type WebhookTargetOptions } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../auth/bearer.js';
import type { RouteDeps } from '../route-deps.js';
import { createWebhookBody, webhookParams } from '../schemas/webhooks.js';
import { ok } from '../contract.js';
import { webhookEndpointCreated, webhookEndpointDetail, webhookEndpointList, webhookPing } from '../schemas/responses/operations.js';

const auth = [{ bearer: [] }];
const tags = ['webhooks'];
/** Deliveries shown with an endpoint (each with its attempts). */
const RECENT_DELIVERIES = 20;

/** Where the webhook routes find the store (and the dispatcher to wake for a ping). */
export interface WebhookDeps {
  readonly store: WebhookStore;
  readonly dispatcher?: { wake(): void };
  /**
   * Accept endpoints on loopback, private, link-local and metadata addresses (default false);
   * the dispatcher must be given the same setting (startServer's `allowPrivateWebhookTargets`).
   */
  readonly allowPrivateTargets?: boolean;
  /** Resolves endpoint host names for the registration check (default `dns.lookup`). */
  readonly lookup?: WebhookTargetOptions['lookup'];
}

/**
 * Webhook endpoints, registered by admins; deliveries are made by the dispatcher (SDK
 * webhooks/dispatcher.ts). The secret is shown once, in the answer to the registration.
 * Without a webhook store (a store lacking the port), every route answers 503.
 */
export function webhookRoutes(app: FastifyInstance, { secret }: RouteDeps, webhooks: WebhookDeps | undefined): void {
  app.addHook('onRequest', async (request) => {
    requireAdmin(request, secret);
  });
  const store = (): WebhookStore => {
    if (!webhooks) throw new BoxOfficeError('UNAVAILABLE', 'webhooks: this server has no webhook store');
    return webhooks.store;
  };

  app.post(
    '/admin/webhooks',
    { schema: { summary: 'Register a webhook endpoint; the answer carries its signing secret, shown only once', tags, security: auth, body: createWebhookBody, contract: { operationId: 'createWebhook', responses: { 201: { description: 'Registered: keep the secret', body: webhookEndpointCreated } } } } },
    async (request, reply) => {
      const endpoint = await checkWebhookEndpoint(request.body, { allowPrivateTargets: webhooks?.allowPrivateTargets ?? false, ...(webhooks?.lookup ? { lookup: webhooks.lookup } : {}) });
      return reply.code(201).send(await store().createEndpoint(endpoint));
    },
  );

  app.get(
    '/admin/webhooks',
    { schema: { summary: 'Webhook endpoints (without their secrets)', tags, security: auth, contract: { operationId: 'listWebhooks', responses: ok(webhookEndpointList, 'Endpoints, oldest first') } } },
    async () => store().listEndpoints(),
  );

  app.get<{ Params: { webhookId: string } }>(
    '/admin/webhooks/:webhookId',
    { schema: { summary: 'A webhook endpoint and its recent deliveries, each with its attempts', tags, security: auth, params: webhookParams, contract: { operationId: 'getWebhook', responses: ok(webhookEndpointDetail, 'The endpoint and its recent deliveries') } } },
    async (request) => {
      const { webhookId } = request.params;
      const endpoint = await store().getEndpoint(webhookId);
      if (!endpoint) throw notFound('webhook', webhookId, 'webhookId');
      return { ...endpoint, deliveries: await store().listDeliveries(webhookId, RECENT_DELIVERIES) };
    },
  );

  app.delete<{ Params: { webhookId: string } }>(
    '/admin/webhooks/:webhookId',
    { schema: { summary: 'Remove a webhook endpoint (its pending deliveries are dropped)', tags, security: auth, params: webhookParams, contract: { operationId: 'deleteWebhook', responses: { 204: { description: 'Removed' } } } } },
    async (request, reply) => {
      if (!(await store().deleteEndpoint(request.params.webhookId))) throw notFound('webhook', request.params.webhookId, 'webhookId');
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { webhookId: string } }>(
    '/admin/webhooks/:webhookId/test',
    { schema: { summary: `Queue a ${PING_TYPE} event to the endpoint (see its deliveries for the outcome)`, tags, security: auth, params: webhookParams, contract: { operationId: 'testWebhook', responses: { 202: { description: 'Queued', body: webhookPing } } } } },
    async (request, reply) => {
      const { webhookId } = request.params;
      const event = { id: `ping_${randomBytes(10).toString('hex')}`, type: PING_TYPE, createdAt: new Date().toISOString(), data: { webhookId } };
      const delivery = await store().enqueue(webhookId, event);
      if (!delivery) throw notFound('webhook', webhookId, 'webhookId');
      webhooks?.dispatcher?.wake();
      return reply.code(202).send({ deliveryId: delivery.id, eventId: event.id, type: event.type, status: delivery.status });
    },
  );
}
