import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { parseInput } from '../domain/validate.js';
import type { NewWebhookEndpoint } from '../ports/webhooks.js';

/** The topics an endpoint may subscribe to: the outbox's topics. */
export const WEBHOOK_TOPICS = ['booking.confirmed', 'booking.cancelled', 'payment.refunded'] as const;
/** The type of the event `POST /admin/webhooks/:id/test` sends. */
export const PING_TYPE = 'webhook.ping';
export const MAX_WEBHOOK_URL_LENGTH = 2048;

const webhookUrl = z
  .string()
  .min(1)
  .max(MAX_WEBHOOK_URL_LENGTH)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute http or https URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'must use http or https' });
    // Credentials in a URL end up in logs and listings; the signature authenticates us instead.
    else if (url.username !== '' || url.password !== '') ctx.addIssue({ code: 'custom', message: 'must not carry credentials' });
    else if (url.hash !== '') ctx.addIssue({ code: 'custom', message: 'must not have a fragment' });
  });

export const webhookEndpointInput = z
  .object({
    url: webhookUrl,
    topics: z.array(z.enum(WEBHOOK_TOPICS)).min(1).max(WEBHOOK_TOPICS.length).optional(),
    description: z.string().max(500).optional(),
  })
  .strict();

export type WebhookEndpointInput = z.input<typeof webhookEndpointInput>;

/** Validates registration input (a VALIDATION error names the field) and mints id and secret. */
export function newWebhookEndpoint(input: unknown): NewWebhookEndpoint {
  const parsed = parseInput(webhookEndpointInput, input);
  return {
    id: `whk_${randomBytes(10).toString('hex')}`,
    url: parsed.url,
    topics: parsed.topics === undefined ? null : [...new Set(parsed.topics)],
    description: parsed.description ?? null,
    secret: `whsec_${randomBytes(24).toString('base64url')}`,
  };
}
