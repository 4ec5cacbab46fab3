/** What registering a webhook endpoint takes, without zod (endpoint-schema.ts checks it). */

/** The topics an endpoint may subscribe to: the outbox's topics. */
export const WEBHOOK_TOPICS = ['booking.confirmed', 'booking.cancelled', 'payment.refunded'] as const;
export const MAX_WEBHOOK_URL_LENGTH = 2048;

export interface WebhookEndpointInput {
  url: string;
  /** Default: every topic. */
  topics?: WebhookTopic[] | undefined;
  description?: string | undefined;
}

/** A topic an endpoint may subscribe to. */
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];
