import { webhookEndpointInput } from '@boxoffice/sdk/schemas';
import { fromZod, objectSchema, type JsonSchema } from './json-schema.js';

export const createWebhookBody = fromZod(webhookEndpointInput, {
  description: 'A webhook endpoint: the URL (http or https, no credentials) and the topics it receives (default: all).',
});

const webhookId: JsonSchema = { type: 'string', pattern: '^whk_[A-Za-z0-9_-]{1,64}$', maxLength: 70 };
export const webhookParams = objectSchema({ webhookId }, ['webhookId']);
