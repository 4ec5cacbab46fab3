import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { signToken, type QueueStats, type QueueTicket } from '@boxoffice/sdk';
import { adaptersUnderTest } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxoffice, BUILT, serveProcess, type Served } from './cli-process.js';
import { freshDatabase, postgresReachable, type FreshDatabase } from './fresh-database.js';

/**
 * Redis loses a live queue under two `boxoffice serve` processes (one PostgreSQL database, one
 * Redis, this test's own key prefix, whose keys it deletes: what a restart without persistence
 * leaves). The event stays gated, the queue comes back from PostgreSQL once, the operator sees
 * it in `queue status`, /metrics and the log, and users keep their places with their receipts.
 */
const REDIS_URL = process.env.BOXOFFICE_TEST_REDIS ?? 'redis://127.0.0.1:6379';
const SECRET = `queue-reset-test-${randomBytes(8).toString('hex')}`;
const PREFIX = `bo:test:${randomBytes(6).toString('hex')}:`;
const redisCli = spawnSync('redis-cli', ['--version']).status === 0;
const ready = adaptersUnderTest().has('postgres') && adaptersUnderTest().has('redis') && redisCli && (await postgresReachable());
let db: FreshDatabase | undefined;
let servers: Served[] = [];
const admin = signToken(SECRET, { userId: 'ops', role: 'admin', ttlSeconds: 600 });
const userToken = (userId: string) => signToken(SECRET, { userId, role: 'user', ttlSeconds: 600 });

/** Deletes every key under this test's prefix (never anything else of the shared Redis). */
function loseQueues(): void {
  const keys = spawnSync('redis-cli', ['-u', REDIS_URL, '--scan', '--pattern', `${PREFIX}*`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  if (keys.length > 0) spawnSync('redis-cli', ['-u', REDIS_URL, 'DEL', ...keys], { encoding: 'utf8' });
}

async function call(server: Served, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function resetsCounted(server: Served): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  return Number(/^boxoffice_queue_resets_total (\d+)$/m.exec(text)?.[1] ?? 'NaN');
}

beforeAll(async () => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm build` first');
  if (!ready) return;
  db = freshDatabase('bo_qreset');
  const migrated = await boxoffice(['db', 'migrate', '--store', db.url]);
  if (migrated.code !== 0) throw new Error(migrated.stderr);
  const args = ['--store', db.url, '--port', '0', '--redis', REDIS_URL, '--redis-prefix', PREFIX, '--log-level', 'warn'];
  servers = await Promise.all([serveProcess(args, { BOXOFFICE_SECRET: SECRET }, 60_000), serveProcess(args, { BOXOFFICE_SECRET: SECRET }, 60_000)]);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  loseQueues();
  db?.drop();
}, 60_000);

describe.runIf(ready)('a queue Redis lost, under two server processes', () => {
  it('stays gated, comes back from PostgreSQL once, shows in queue status, and receipts keep places', async () => {
    const [one, two] = servers as [Served, Served];
    const env = { BOXOFFICE_URL: one.url, BOXOFFICE_TOKEN: admin };
    const eventId = (JSON.parse((await boxoffice(['demo', '--json'], env)).stdout) as { event: { id: string } }).event.id;
    // A slow queue, so that users are still waiting when Redis loses it.
    expect((await boxoffice(['queue', 'enable', eventId, '--admission-rate', '0.01', '--max-active', '1', '--json'], env)).code).toBe(0);
    const receipts: Record<string, string> = {};
    for (const userId of ['ann', 'bob', 'cy']) {
      const joined = await call(one, 'POST', `/events/${eventId}/queue/join`, userToken(userId));
      expect(joined.status).toBe(200);
      receipts[userId] = (joined.json as unknown as QueueTicket).receipt!;
    }

    loseQueues();
    // Never bypassed: a user who never queued is refused by the other process.
    const hold = await call(two, 'POST', '/holds', userToken('zed'), { eventId, best: { quantity: 1 } });
    expect([hold.status, hold.json.code]).toEqual([403, 'QUEUE_TOKEN_REQUIRED']);
    // A waiting user is told to join again; with the receipt, the same number comes back.
    const me = await call(one, 'GET', `/events/${eventId}/queue/me`, userToken('bob'));
    expect([me.status, me.json.code]).toEqual([409, 'QUEUE_RESET']);
    const bob = await call(two, 'POST', `/events/${eventId}/queue/join`, userToken('bob'), { receipt: receipts.bob });
    const cy = await call(one, 'POST', `/events/${eventId}/queue/join`, userToken('cy'));
    expect((bob.json as unknown as QueueTicket).number).toBe(2);
    expect((cy.json as unknown as QueueTicket).number).not.toBe(3);
    const stolen = await call(one, 'POST', `/events/${eventId}/queue/join`, userToken('eve'), { receipt: receipts.ann });
    expect([stolen.status, stolen.json.code]).toEqual([403, 'QUEUE_TOKEN_INVALID']);

    // The operator's view: queue status, one reset counted across both processes, one log line.
    const status = await boxoffice(['queue', 'status', eventId, '--json'], { BOXOFFICE_URL: two.url, BOXOFFICE_TOKEN: admin });
    expect(status.code).toBe(0);
    const stats = JSON.parse(status.stdout) as QueueStats;
    expect(stats).toMatchObject({ generation: 1, epoch: 1, settings: { enabled: true, admissionRate: 0.01, maxActive: 1 } });
    const table = await boxoffice(['queue', 'status', eventId], { BOXOFFICE_URL: one.url, BOXOFFICE_TOKEN: admin });
    expect(table.stdout).toMatch(new RegExp(`resets\\s+1, last at ${stats.lastResetAt!.replace(/[.]/g, '\\.')}`));
    expect((await resetsCounted(one)) + (await resetsCounted(two))).toBe(1);
    const logged = [one, two].map((s) => s.stderr()).join('\n');
    expect(logged.match(/waiting queue lost by Redis, re-created from the store/g)).toHaveLength(1);
  }, 120_000);
});
