/**
 * The server under benchmark, in its own OS process (the load generator must not share its
 * event loop): `startServer` over BO_STORE (+ BO_REDIS when set), admission ticks off (the
 * benchmark drives them), no rate limits or shedding (they would measure themselves).
 * Prints `{"url": ...}` once listening; closes on SIGTERM.
 */
import { startServer } from '@boxoffice/server';

const server = await startServer({
  store: process.env.BO_STORE!,
  ...(process.env.BO_REDIS ? { redisUrl: process.env.BO_REDIS } : {}),
  secret: process.env.BO_SECRET!,
  port: 0,
  logger: false,
  handleSignals: true,
  admitIntervalMs: 0,
  shedding: { maxEventLoopLagMs: 0, maxInFlight: 0 },
  rateLimit: { perUser: null, perIp: null, perAnonymousIp: null },
  // The fan-out benchmark opens thousands of live sockets from this one address.
  live: { maxSocketsPerIp: 1_000_000, maxSockets: 1_000_000 },
});
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
