import * as z from 'zod';
import { invalid } from './errors.js';
import type { QueueSettings } from './queue.js';
import { idOf, strictIsoDateTime, userIdSchema } from './schemas.js';

const isoDate = strictIsoDateTime;

/**
 * An operator's queue settings for an event. Every field is optional: the patch is laid over
 * the current settings (or `DEFAULT_QUEUE_SETTINGS`), then the whole is checked.
 */
export const queueSettingsInput = z.strictObject({
  enabled: z.boolean().optional(),
  mode: z.enum(['fifo', 'randomized']).optional(),
  onSaleAt: isoDate.nullable().optional(),
  admissionRate: z.number().finite().gt(0, 'must be greater than 0').max(1_000_000, 'at most 1000000 per second').nullable().optional(),
  maxActive: z.number().int('must be an integer').min(1, 'must be at least 1').max(10_000_000, 'at most 10000000').nullable().optional(),
  tokenTtlSeconds: z.number().int('must be an integer').min(10, 'at least 10 seconds').max(86_400, 'at most one day').optional(),
  heartbeatTimeoutSeconds: z.number().int('must be an integer').min(5, 'at least 5 seconds').max(86_400, 'at most one day').optional(),
  tickMs: z.number().int('must be an integer').min(10, 'at least 10 ms').max(60_000, 'at most 60000 ms').optional(),
});

/**
 * Lays a parsed patch over `base` and checks the whole: a randomized queue draws at an on-sale
 * time (default `eventOnSaleAt`); a fifo queue has none; at least a rate or a cap must limit admission.
 */
export function mergeQueueSettings(base: QueueSettings, patch: z.output<typeof queueSettingsInput>, eventOnSaleAt: string): QueueSettings {
  const merged: QueueSettings = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  if (merged.mode === 'fifo') return checkLimits({ ...merged, onSaleAt: null });
  return checkLimits({ ...merged, onSaleAt: merged.onSaleAt ?? eventOnSaleAt });
}

function checkLimits(settings: QueueSettings): QueueSettings {
  if (settings.admissionRate === null && settings.maxActive === null) {
    throw invalid('admissionRate', 'give an admission rate or a maxActive cap (or both)');
  }
  return settings;
}

export const queueUserInput = z.strictObject({ eventId: idOf('event'), userId: userIdSchema });

/** A join may carry the join receipt of an earlier join, to keep that place after a queue reset. */
export const queueJoinInput = queueUserInput.extend({ receipt: z.string().min(1, 'must not be empty').max(1024, 'at most 1024 characters').optional() });
