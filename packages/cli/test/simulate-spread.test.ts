import { randomBytes } from 'node:crypto';
import { signToken, type SimulationReport } from '@boxoffice/sdk';
import { adaptersUnderTest } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxoffice, BUILT, serveProcess, type Served } from './cli-process.js';
import { freshDatabase, postgresReachable, type FreshDatabase } from './fresh-database.js';

/**
 * `simulate --url a,b`: two `boxoffice serve` processes of one deployment (one fresh PostgreSQL
 * database, one Redis), the users spread over both. Each server's own /metrics says it served
 * holds, so the spread is read from the servers, not from the simulator's word.
 */
const adapters = adaptersUnderTest();
const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const SECRET = `spread-test-${randomBytes(8).toString('hex')}`;
const ready = adapters.has('postgres') && adapters.has('redis') && (await postgresReachable());
let db: FreshDatabase | undefined;
let servers: Served[] = [];
const token = signToken(SECRET, { userId: 'spread-admin', role: 'admin', ttlSeconds: 600 });

/** Connections a server accepted since it started, from its metrics. */
async function connectionsAccepted(server: Served): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^boxoffice_http_connections_total (\d+)$/m.exec(text)?.[1] ?? NaN);
}

/** POST requests a server answered on a route, from its Prometheus histogram's counts. */
async function served(server: Served, route: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  let n = 0;
  for (const m of text.matchAll(/^boxoffice_http_request_duration_seconds_count\{([^}]*)\} (\d+)$/gm)) {
    if (m[1]!.includes('method="POST"') && m[1]!.includes(`route="${route}"`)) n += Number(m[2]);
  }
  return n;
}

beforeAll(async () => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm build` first');
  if (!ready) return;
  db = freshDatabase('bo_spread');
  const migrated = await boxoffice(['db', 'migrate', '--store', db.url]);
  if (migrated.code !== 0) throw new Error(migrated.stderr);
  const args = ['--store', db.url, '--port', '0', '--redis', REDIS_URL, '--log-level', 'warn'];
  servers = await Promise.all([serveProcess(args, { BOXOFFICE_SECRET: SECRET }, 60_000), serveProcess(args, { BOXOFFICE_SECRET: SECRET }, 60_000)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  db?.drop();
}, 60_000);

describe.runIf(ready)('boxoffice simulate --url a,b (two server processes on PostgreSQL + Redis)', () => {
  const urls = () => servers.map((s) => s.url).join(',');

  it('spreads the users over both processes; the event sells out and the audit is clean', async () => {
    const before = await Promise.all(servers.map((s) => served(s, '/holds')));
    const run = await boxoffice(['simulate', '--url', urls(), '--token', token, '--users', '200', '--seats', '100', '--abandon-rate', '0', '--concurrency', '16', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Spreading the users over 2 server processes: ${servers[0]!.url}, ${servers[1]!.url}`);
    const report = JSON.parse(run.stdout) as SimulationReport;
    expect(report).toMatchObject({ ok: true, soldOut: true, storeKind: 'remote' });
    expect(report.seats).toMatchObject({ total: 100, soldByRun: 100 });
    const after = await Promise.all(servers.map((s) => served(s, '/holds')));
    const holds = after.map((n, i) => n - before[i]!);
    // Users are picked by a hash of their id: both processes take a fair share.
    for (const n of holds) expect(n).toBeGreaterThan(report.holds / 5);
    expect(holds[0]! + holds[1]!).toBeGreaterThanOrEqual(report.holds);
  }, 120_000);

  it('comes on a connection per user in flight, not through a small shared pool', async () => {
    const before = await Promise.all(servers.map(connectionsAccepted));
    // 64 users in flight over 2 processes: the first wave alone is 32 concurrent holds each.
    const run = await boxoffice(['simulate', '--url', urls(), '--token', token, '--users', '300', '--seats', '200', '--abandon-rate', '0', '--concurrency', '64', '--json']);
    expect(run.code).toBe(0);
    const accepted = (await Promise.all(servers.map(connectionsAccepted))).map((n, i) => n - before[i]!);
    // A pool of 16 per process (as before) could never open more than 16 (+ the feed and the audit on the first).
    for (const n of accepted) expect(n).toBeGreaterThan(20);
  }, 120_000);

  it('--preconnect opens a connection per user in flight before the sale opens', async () => {
    // Two users need a couple of connections; --preconnect opens all 64 (32 per process) first.
    const flags = ['simulate', '--url', urls(), '--token', token, '--users', '2', '--seats', '10', '--abandon-rate', '0', '--concurrency', '64', '--json'];
    const opened = async (extra: string[]) => {
      const before = await Promise.all(servers.map(connectionsAccepted));
      const run = await boxoffice([...flags, ...extra]);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout) as SimulationReport).toMatchObject({ ok: true, soldOut: false });
      return (await Promise.all(servers.map(connectionsAccepted))).map((n, i) => n - before[i]!);
    };
    for (const n of await opened([])) expect(n).toBeLessThan(12);
    for (const n of await opened(['--preconnect'])) expect(n).toBeGreaterThanOrEqual(32);
  }, 120_000);

  it('--queue: joins go to both processes, admissions reach the users through the first one’s feed', async () => {
    const before = await Promise.all(servers.map((s) => served(s, '/events/:eventId/queue/join')));
    const run = await boxoffice(['simulate', '--url', urls(), '--token', token, '--users', '150', '--seats', '60', '--abandon-rate', '0', '--concurrency', '8', '--queue', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as SimulationReport;
    expect(report).toMatchObject({ ok: true, soldOut: true });
    expect(report.queue).toMatchObject({ settings: 'configured', joined: 150 });
    expect(report.queue!.admitted).toBeGreaterThanOrEqual(30);
    const joins = (await Promise.all(servers.map((s) => served(s, '/events/:eventId/queue/join')))).map((n, i) => n - before[i]!);
    for (const n of joins) expect(n).toBeGreaterThan(20);
  }, 120_000);
});

describe('--url with several URLs', () => {
  it('only simulate takes a list; a bad or repeated URL names --url (exit 2)', async () => {
    const list = await boxoffice(['events', 'list', '--url', 'http://127.0.0.1:9,http://127.0.0.1:10']);
    expect(list.code).toBe(2);
    expect(list.stderr).toContain('boxoffice: --url: give one URL here (only simulate spreads its users over several server processes)');
    const bad = await boxoffice(['simulate', '--users', '5', '--url', 'http://127.0.0.1:9,ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('boxoffice: --url: must be an http:// or https:// URL');
    const twice = await boxoffice(['simulate', '--users', '5', '--url', 'http://127.0.0.1:9,http://127.0.0.1:9/']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('boxoffice: --url: names the same URL twice');
  });

  it('--preconnect needs a deployment (exit 2)', async () => {
    const run = await boxoffice(['simulate', '--users', '5', '--store', 'memory', '--preconnect']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--preconnect opens the connections to a deployment: use it with --url');
  });
});
