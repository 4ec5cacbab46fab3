import type { FastifyInstance } from 'fastify';
import type { RateLimitStore } from '../rate-limit/store.js';
import type { RouteDeps } from '../route-deps.js';
import type { ServerOptions } from '../options.js';
import { guestRoutes } from './guest.js';
import { pageRoutes } from './pages.js';
import { defaultWebDir, WebBundle } from './static-assets.js';

export type WebOptions = Pick<ServerOptions, 'pages' | 'guest'>;

/** The browser pages and the guest sign-in: both optional, both outside the API's contract. */
export function webRoutes(app: FastifyInstance, deps: RouteDeps, options: WebOptions, limits?: RateLimitStore): void {
  if (options.guest) guestRoutes(app, deps.secret, options.guest, limits);
  if (options.pages === false) return;
  const dir = options.pages?.dir ?? defaultWebDir();
  if (dir === undefined) {
    app.log.warn('web pages are not built (pnpm --filter @boxoffice/server build): serving the API only');
    return;
  }
  pageRoutes(app, deps, WebBundle.load(dir), options.guest !== undefined);
}
