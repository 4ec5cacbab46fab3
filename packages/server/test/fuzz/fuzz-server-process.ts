/**
 * The server under fuzz, in its own process as `boxoffice serve` runs it (`startServer` over
 * the store named by BO_STORE), so the fuzz's client and the server each have a core, and a
 * crash shows as an exit. Its limits are set out of the way of the fuzz's volume only:
 * - rate limits stay on (their code runs on every request) but high: 429s would hide the routes;
 * - lag shedding is off: it answers 503 by design when two noisy cores fall behind;
 * - no webhook is ever delivered: the fuzz registers endpoints it must not call.
 */
import { startServer } from '../../src/index.js';

const server = await startServer({
  store: process.env.BO_STORE!,
  secret: process.env.BO_SECRET!,
  port: 0,
  logger: false,
  handleSignals: true,
  rateLimit: { perUser: { limit: 1_000_000, windowMs: 10_000 }, perAnonymousIp: { limit: 1_000_000, windowMs: 10_000 } },
  shedding: { maxEventLoopLagMs: 0 },
  webhookIntervalMs: 0,
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
