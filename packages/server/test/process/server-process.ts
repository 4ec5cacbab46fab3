/**
 * One server process for the multi-process test: `startServer` on port 0 over the store and
 * Redis named in the environment, closing gracefully on SIGTERM. Prints `{"url": ...}` once listening.
 */
import { startServer } from '../../src/index.js';

const server = await startServer({
  store: process.env.BO_STORE!,
  redisUrl: process.env.BO_REDIS!,
  ...(process.env.BO_REDIS_PREFIX ? { redisPrefix: process.env.BO_REDIS_PREFIX } : {}),
  secret: process.env.BO_SECRET!,
  port: 0,
  logger: false,
  handleSignals: true,
  sweepIntervalMs: 500,
  shedding: { maxEventLoopLagMs: 0 },
  rateLimit: { perUser: null },
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
