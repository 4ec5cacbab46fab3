import { PING_TYPE, type WebhookEndpointInput } from '@boxoffice/sdk';
import type { FastifyInstance } from 'fastify';
import { requireAdmin } from '../auth/bearer.js';
import type { RouteDeps } from '../route-deps.js';
import { createWebhookBody, webhookParams } from '../schemas/webhooks.js';
import { ok } from '../contract.js';
import { webhookEndpointCreated, webhookEndpointDetail, webhookEndpointList, webhookPing } from '../schemas/responses/operations.js';

const auth = [{ bearer: [] }];
const tags = ['webhooks'];

/** What the webhook routes need beyond the BoxOffice: the dispatcher of this process, if any. */
export interface WebhookDeps {
  /** Woken after a ping is queued, so it goes out now rather than on the next round. */
  readonly dispatcher?: { wake(): void };
}

/**
 * Webhook endpoints, registered by admins: each route is `boxOffice.webhooks.*` (the endpoint
 * store, and the check that refuses private targets unless the deployment allows them, are the
 * BoxOffice's). Deliveries are made by the dispatcher (SDK webhooks/dispatcher.ts). The secret
 * is shown once, in the answer to the registration. A BoxOffice without a webhook store answers
 * UNAVAILABLE (503) on every route.
 */
export function webhookRoutes(app: FastifyInstance, { boxOffice, secret }: RouteDeps, webhooks: WebhookDeps | undefined): void {
  app.addHook('onRequest', async (request) => {
    requireAdmin(request, secret);
  });

  app.post<{ Body: WebhookEndpointInput }>(
    '/admin/webhooks',
    { schema: { summary: 'Register a webhook endpoint; the answer carries its signing secret, shown only once', tags, security: auth, body: createWebhookBody, contract: { operationId: 'createWebhook', responses: { 201: { description: 'Registered: keep the secret', body: webhookEndpointCreated } } } } },
    async (request, reply) => reply.code(201).send(await boxOffice.webhooks.create(request.body)),
  );

  app.get(
    '/admin/webhooks',
    { schema: { summary: 'Webhook endpoints (without their secrets)', tags, security: auth, contract: { operationId: 'listWebhooks', responses: ok(webhookEndpointList, 'Endpoints, oldest first') } } },
    async () => boxOffice.webhooks.list(),
  );

  app.get<{ Params: { webhookId: string } }>(
    '/admin/webhooks/:webhookId',
    { schema: { summary: 'A webhook endpoint and its recent deliveries, each with its attempts', tags, security: auth, params: webhookParams, contract: { operationId: 'getWebhook', responses: ok(webhookEndpointDetail, 'The endpoint and its recent deliveries') } } },
    async (request) => boxOffice.webhooks.get(request.params.webhookId),
  );

  app.delete<{ Params: { webhookId: string } }>(
    '/admin/webhooks/:webhookId',
    { schema: { summary: 'Remove a webhook endpoint (its pending deliveries are dropped)', tags, security: auth, params: webhookParams, contract: { operationId: 'deleteWebhook', responses: { 204: { description: 'Removed' } } } } },
    async (request, reply) => {
      await boxOffice.webhooks.delete(request.params.webhookId);
      return reply.code(204).send();
    },
  );

  app.post<{ Params: { webhookId: string } }>(
    '/admin/webhooks/:webhookId/test',
    { schema: { summary: `Queue a ${PING_TYPE} event to the endpoint (see its deliveries for the outcome)`, tags, security: auth, params: webhookParams, contract: { operationId: 'testWebhook', responses: { 202: { description: 'Queued', body: webhookPing } } } } },
    async (request, reply) => {
      const ping = await boxOffice.webhooks.test(request.params.webhookId);
      webhooks?.dispatcher?.wake();
      return reply.code(202).send(ping);
    },
  );
}
