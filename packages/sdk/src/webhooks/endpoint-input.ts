import { randomBytes } from 'node:crypto';
import type { LookupFunction } from 'node:net';
import { invalid } from '../domain/errors.js';
import { parseInput } from '../domain/validate.js';
import { webhookEndpointInput } from './endpoint-schema.js';
import type { NewWebhookEndpoint } from '../ports/webhooks.js';
import { hostOf, isRefusedAddress, isRefusedHost, resolveAll } from './destination.js';

/** The type of the event `POST /admin/webhooks/:id/test` sends. */
export const PING_TYPE = 'webhook.ping';

export interface WebhookTargetOptions {
  /**
   * Let endpoints point at loopback, private, link-local and metadata addresses (default false:
   * refused, see destination.ts). For receivers on the operator's own network, and tests.
   */
  readonly allowPrivateTargets?: boolean;
  /** Resolves host names (default `dns.lookup`); the delivery checks the addresses it connects to. */
  readonly lookup?: LookupFunction;
}

const NOT_PUBLIC = 'must be a public address: loopback, private, link-local and metadata hosts are refused unless the operator allows private webhook targets';

/**
 * Validates registration input (a VALIDATION error names the field) and mints id and secret.
 * Refuses a URL whose host is a refused address literal or name; see `checkWebhookEndpoint` for
 * the check of what a name resolves to.
 */
export function newWebhookEndpoint(input: unknown, options: WebhookTargetOptions = {}): NewWebhookEndpoint {
  const parsed = parseInput(webhookEndpointInput, input);
  if (!options.allowPrivateTargets && isRefusedHost(hostOf(new URL(parsed.url)))) throw invalid('url', NOT_PUBLIC);
  return {
    id: `whk_${randomBytes(10).toString('hex')}`,
    url: parsed.url,
    topics: parsed.topics === undefined ? null : [...new Set(parsed.topics)],
    description: parsed.description ?? null,
    secret: `whsec_${randomBytes(24).toString('base64url')}`,
  };
}

/**
 * `newWebhookEndpoint`, and a name that resolves to a refused address now is refused too (a name
 * that does not resolve yet is accepted: its deliveries fail until it does). This is the early,
 * clear answer; the dispatcher checks again what each delivery connects to (DNS may change).
 */
export async function checkWebhookEndpoint(input: unknown, options: WebhookTargetOptions = {}): Promise<NewWebhookEndpoint> {
  const endpoint = newWebhookEndpoint(input, options);
  if (options.allowPrivateTargets) return endpoint;
  const addresses = await resolveAll(hostOf(new URL(endpoint.url)), options.lookup);
  if (addresses.some(isRefusedAddress)) throw invalid('url', NOT_PUBLIC);
  return endpoint;
}
