import { randomBytes } from 'node:crypto';
import { createBoxOffice, createTestGateway, MemoryStore, signToken, type BoxOffice } from '@boxoffice/sdk';
import { startServer } from '../src/index.js';
import { createDemoEvents, type DemoEvents } from './demo-data.js';

export interface DemoServer {
  readonly url: string;
  readonly bo: BoxOffice;
  readonly events: DemoEvents;
  /** A bearer token for another user or an admin, as the CLI would mint one. */
  token(userId: string, role?: 'user' | 'admin'): string;
  close(): Promise<void>;
}

/**
 * A server on a free loopback port over a fresh memory store with the demo events, guests
 * enabled and the built pages from `webDir`: what the browser tests and screenshots open.
 */
export async function startDemoServer(options: { webDir: string; stadium?: boolean; admitIntervalMs?: number }): Promise<DemoServer> {
  const secret = randomBytes(24).toString('hex');
  const bo = createBoxOffice({
    store: new MemoryStore(),
    payments: createTestGateway(),
    sweepIntervalMs: 1000,
    queueOptions: { secret, admitIntervalMs: options.admitIntervalMs ?? 200 },
  });
  try {
    const events = await createDemoEvents(bo, { stadium: options.stadium ?? false });
    const server = await startServer({
      boxOffice: bo,
      secret,
      port: 0,
      host: '127.0.0.1',
      logger: false,
      defaultMetrics: false,
      pages: { dir: options.webDir },
      guest: { perIp: { limit: 1000, windowMs: 60_000 } },
      // Views fresh at once: a test expects a change on the page within a second.
      cache: { minRefreshMs: 0 },
      shedding: { maxEventLoopLagMs: 0 },
    });
    return {
      url: server.url,
      bo,
      events,
      token: (userId, role = 'user') => signToken(secret, { userId, role }),
      close: async () => {
        await server.close();
        await bo.close();
      },
    };
  } catch (error) {
    await bo.close();
    throw error;
  }
}
