export { WebhookDispatcher, type WebhookDispatcherOptions, type DispatchReport } from './dispatcher.js';
export { signWebhookPayload, verifyWebhookSignature, SIGNATURE_HEADER, EVENT_ID_HEADER, DEFAULT_TOLERANCE_SECONDS, type VerifyOptions } from './signature.js';
export { newWebhookEndpoint, webhookEndpointInput, WEBHOOK_TOPICS, PING_TYPE, MAX_WEBHOOK_URL_LENGTH, type WebhookEndpointInput } from './endpoint-input.js';
export { DEFAULT_RETRY_DELAYS_MS, retryDelayMs } from './backoff.js';
