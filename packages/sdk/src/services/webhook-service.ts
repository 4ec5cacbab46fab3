import { randomBytes } from 'node:crypto';
import { BoxOfficeError, notFound } from '../domain/errors.js';
import { idOf } from '../domain/schemas.js';
import { parseInput } from '../domain/validate.js';
import type { Clock } from '../ports/clock.js';
import type { WebhookStore } from '../ports/webhooks.js';
import type { WebhooksResource } from '../resources.js';
import { checkWebhookEndpoint, PING_TYPE, type WebhookTargetOptions } from '../webhooks/endpoint-input.js';

/** Deliveries shown with an endpoint (each with its attempts). */
export const RECENT_DELIVERIES = 20;

export interface WebhookServiceOptions extends WebhookTargetOptions {
  readonly clock: Clock;
}

/**
 * `bo.webhooks` in-process, over the store's webhook port. Registration is where the SSRF rule
 * is first applied (checkWebhookEndpoint: refused hosts and what the name resolves to now); the
 * dispatcher applies it again to every address it connects to. Without a store every call
 * answers UNAVAILABLE (a store lacking the port, or a deployment that turned webhooks off).
 */
export function webhookService(store: WebhookStore | undefined, options: WebhookServiceOptions): WebhooksResource {
  const { clock, ...targets } = options;
  const port = (): WebhookStore => {
    if (!store) throw new BoxOfficeError('UNAVAILABLE', 'webhooks: this BoxOffice has no webhook store');
    return store;
  };
  const webhookId = (value: string): string => parseInput(idOf('webhook'), value, 'webhookId');
  return {
    // Input is checked before availability, as the server's request validation does.
    async create(input) {
      const endpoint = await checkWebhookEndpoint(input, targets);
      return port().createEndpoint(endpoint);
    },
    list: async () => port().listEndpoints(),
    async get(id) {
      webhookId(id);
      const hooks = port();
      const endpoint = await hooks.getEndpoint(id);
      if (!endpoint) throw notFound('webhook', id, 'webhookId');
      return { ...endpoint, deliveries: await hooks.listDeliveries(id, RECENT_DELIVERIES) };
    },
    async delete(id) {
      webhookId(id);
      if (!(await port().deleteEndpoint(id))) throw notFound('webhook', id, 'webhookId');
    },
    async test(id) {
      webhookId(id);
      const hooks = port();
      const event = { id: `ping_${randomBytes(10).toString('hex')}`, type: PING_TYPE, createdAt: new Date(clock.now()).toISOString(), data: { webhookId: id } };
      const delivery = await hooks.enqueue(id, event);
      if (!delivery) throw notFound('webhook', id, 'webhookId');
      return { deliveryId: delivery.id, eventId: event.id, type: event.type, status: delivery.status };
    },
  };
}
