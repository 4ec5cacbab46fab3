import { idOf } from '../domain/schemas.js';
import { parseInput } from '../domain/validate.js';
import type { WebhookEndpoint, WebhookEndpointDetail, WebhookEndpointSummary, WebhookPing } from '../ports/webhooks.js';
import type { WebhooksResource } from '../resources.js';
import { webhookEndpointInput } from '../webhooks/endpoint-schema.js';
import { seg, type HttpTransport } from './transport.js';

/**
 * Webhook endpoints over `/admin/webhooks` (an admin token; a user's is refused, FORBIDDEN).
 * The input is checked here as the embedded SDK checks it; whether a target address is allowed
 * is the deployment's setting, so that check is left to the server.
 */
export function remoteWebhooks(http: HttpTransport): WebhooksResource {
  const path = (webhookId: string, tail = ''): string => `/admin/webhooks/${seg(parseInput(idOf('webhook'), webhookId, 'webhookId'))}${tail}`;
  return {
    async create(input) {
      parseInput(webhookEndpointInput, input);
      return http.call<WebhookEndpoint>('POST', '/admin/webhooks', { body: input });
    },
    list: async () => http.call<WebhookEndpointSummary[]>('GET', '/admin/webhooks'),
    get: async (webhookId) => http.call<WebhookEndpointDetail>('GET', path(webhookId)),
    async delete(webhookId) {
      await http.call<void>('DELETE', path(webhookId));
    },
    test: async (webhookId) => http.call<WebhookPing>('POST', path(webhookId, '/test')),
  };
}
