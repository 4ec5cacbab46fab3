import * as z from 'zod';
import { MAX_WEBHOOK_URL_LENGTH, WEBHOOK_TOPICS } from './endpoint-types.js';

/** The schema of a webhook endpoint's registration (endpoint-input.ts mints the endpoint). */

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
