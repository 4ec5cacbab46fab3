import { randomBytes } from 'node:crypto';
import { signToken, type SimulationReport } from '@boxoffice/sdk';
import { startServer, type RunningServer } from '@boxoffice/server';
import { adaptersUnderTest } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxoffice, BUILT } from './cli-process.js';
import { freshDatabase, postgresReachable, type FreshDatabase } from './fresh-database.js';

/**
 * A server that sheds load (here past 1 request in progress) answers 503 with Retry-After;
 * the simulator asks a shed hold or join again after a pause instead of counting the user as
 * failed at once. A real server in this process, on a fresh PostgreSQL database (on the memory
 * store a request ends before the next is read, so none would overlap); the simulator, the
 * built binary.
 */
const SECRET = `shed-test-${randomBytes(8).toString('hex')}`;
const ready = adaptersUnderTest().has('postgres') && (await postgresReachable());
let db: FreshDatabase | undefined;
let server: RunningServer | undefined;

beforeAll(async () => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm build` first');
  if (!ready) return;
  db = freshDatabase('bo_shed');
  server = await startServer({ store: db.url, secret: SECRET, port: 0, logger: false, shedding: { maxInFlight: 1, maxEventLoopLagMs: 0 } });
}, 60_000);

afterAll(async () => {
  await server?.close();
  db?.drop();
}, 60_000);

describe.runIf(ready)('simulate against a server shedding load', () => {
  it('retries shed holds after a pause: the sale completes with fewer failed users than shed holds', async () => {
    const token = signToken(SECRET, { userId: 'shed-admin', role: 'admin', ttlSeconds: 600 });
    const run = await boxoffice(['simulate', '--url', server!.url, '--token', token, '--users', '60', '--seats', '40', '--concurrency', '16', '--abandon-rate', '0', '--decline-rate', '0', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as SimulationReport;
    expect(report.ok).toBe(true);
    const shed = report.errors.hold?.UNAVAILABLE ?? 0;
    expect(shed).toBeGreaterThan(0); // the bound was reached: 16 users in flight, 1 answered at a time
    // Without the retry every shed hold was a failed user.
    expect(report.users.failed).toBeLessThan(shed);
    expect(report.latency.hold!.count).toBeGreaterThan(report.holds + (report.errors.hold?.SEAT_UNAVAILABLE ?? 0));
    expect(report.seats.soldByRun).toBeGreaterThan(0);
  }, 120_000);
});
