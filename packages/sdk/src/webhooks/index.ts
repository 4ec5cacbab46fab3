export { WebhookDispatcher, type WebhookDispatcherOptions, type DispatchReport } from './dispatcher.js';
export { signWebhookPayload, verifyWebhookSignature, SIGNATURE_HEADER, EVENT_ID_HEADER, DEFAULT_TOLERANCE_SECONDS, type VerifyOptions } from './signature.js';
export { newWebhookEndpoint, checkWebhookEndpoint, PING_TYPE, type WebhookTargetOptions } from './endpoint-input.js';
export { WEBHOOK_TOPICS, MAX_WEBHOOK_URL_LENGTH, type WebhookTopic, type WebhookEndpointInput } from './endpoint-types.js';
export { DEFAULT_RETRY_DELAYS_MS, retryDelayMs } from './backoff.js';
export { isRefusedAddress, REFUSED_DESTINATION_REASON } from './destination.js';
