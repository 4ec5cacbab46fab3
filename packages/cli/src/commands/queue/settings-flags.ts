import { InvalidArgumentError } from 'commander';
import type { QueueSettingsInput } from '@boxoffice/sdk';
import { namingFlag } from '../../errors.js';

/** Typed for a setting the SDK lets be unset (null). */
export const NONE = 'none';
type OrNone<T> = T | typeof NONE;

/** `queue enable|settings` flags as commander hands them over (`none` clears a nullable setting). */
export interface QueueSettingFlags {
  readonly mode?: 'fifo' | 'randomized' | undefined;
  readonly onSaleAt?: OrNone<string> | undefined;
  readonly admissionRate?: OrNone<number> | undefined;
  readonly maxActive?: OrNone<number> | undefined;
  readonly tokenTtl?: number | undefined;
  readonly heartbeatTimeout?: number | undefined;
  readonly tickMs?: number | undefined;
}

/** The SDK's setting → the flag that sets it. */
const FLAG_OF: Readonly<Record<string, string>> = {
  mode: '--mode',
  onSaleAt: '--on-sale-at',
  admissionRate: '--admission-rate',
  maxActive: '--max-active',
  tokenTtlSeconds: '--token-ttl',
  heartbeatTimeoutSeconds: '--heartbeat-timeout',
  tickMs: '--tick-ms',
  enabled: 'enable/disable',
};

/**
 * A parser that also takes `none` for settings the SDK lets be unset. It returns the word, not
 * null: commander turns a parser's null into an empty string.
 */
export function orNone<T>(parse: (value: string) => T): (value: string) => OrNone<T> {
  return (value) => (value.trim().toLowerCase() === NONE ? NONE : parse(value));
}

const nullable = <T>(value: OrNone<T>): T | null => (value === NONE ? null : value);

/** A positive number (users per second may be fractional: 0.5 is one every two seconds). */
export function positiveNumber(value: string): number {
  const n = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(n > 0)) throw new InvalidArgumentError('must be a number greater than 0');
  return n;
}

export function settingsPatch(f: QueueSettingFlags): QueueSettingsInput {
  return {
    ...(f.mode === undefined ? {} : { mode: f.mode }),
    ...(f.onSaleAt === undefined ? {} : { onSaleAt: nullable(f.onSaleAt) }),
    ...(f.admissionRate === undefined ? {} : { admissionRate: nullable(f.admissionRate) }),
    ...(f.maxActive === undefined ? {} : { maxActive: nullable(f.maxActive) }),
    ...(f.tokenTtl === undefined ? {} : { tokenTtlSeconds: f.tokenTtl }),
    ...(f.heartbeatTimeout === undefined ? {} : { heartbeatTimeoutSeconds: f.heartbeatTimeout }),
    ...(f.tickMs === undefined ? {} : { tickMs: f.tickMs }),
  };
}

/** A VALIDATION error on a queue setting, reworded to name the flag. */
export function renamedSetting(error: unknown): unknown {
  return namingFlag(error, FLAG_OF, ['admissionRate', 'maxActive']);
}
