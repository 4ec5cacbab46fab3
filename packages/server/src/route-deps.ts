import type { BoxOffice } from '@boxoffice/sdk';
import type { ViewCache } from './cache/view-cache.js';
import type { Metrics } from './metrics.js';

/** What every routes module gets. */
export interface RouteDeps {
  readonly boxOffice: BoxOffice;
  readonly secret: string;
  readonly cache: ViewCache;
  readonly metrics: Metrics;
}

/** Counts a call's outcome on `counter` (`ok` or the error code) and passes it through. */
export async function counted<T>(counter: { inc(labels: { outcome: string }): void }, work: Promise<T>): Promise<T> {
  try {
    const result = await work;
    counter.inc({ outcome: 'ok' });
    return result;
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    counter.inc({ outcome: typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'INTERNAL' });
    throw error;
  }
}
