import type { QueueStats } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxoffice, BUILT, serveProcess, type Served } from './cli-process.js';

/** `queue enable|disable|pause|resume|status|settings`: the built binary against a server it started. */
const SECRET = 'cli-queue-test-secret-0123456789';
let server: Served;
let env: Record<string, string>;
let eventId: string;

beforeAll(async () => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm --filter @boxoffice/cli build` first');
  server = await serveProcess(['--store', 'memory', '--port', '0', '--log-level', 'warn'], { BOXOFFICE_SECRET: SECRET });
  const admin = (await boxoffice(['auth', 'token', '--user', 'ops', '--role', 'admin'], { BOXOFFICE_SECRET: SECRET })).stdout.trim();
  env = { BOXOFFICE_URL: server.url, BOXOFFICE_TOKEN: admin };
  eventId = (JSON.parse((await boxoffice(['demo', '--json'], env)).stdout) as { event: { id: string } }).event.id;
}, 40_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) expect(await server.stop()).toBe(0);
});

async function stats(args: string[]): Promise<QueueStats> {
  const run = await boxoffice(['queue', ...args, '--json'], env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as QueueStats;
}

describe.runIf(BUILT)('queue', () => {
  it('an event without a queue: status says so (exit 3)', async () => {
    const run = await boxoffice(['queue', 'status', eventId], env);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('has no waiting queue');
  });

  it('enable with settings, pause, resume, change settings, disable', async () => {
    const enabled = await stats(['enable', eventId, '--admission-rate', '2.5', '--max-active', '50', '--token-ttl', '120']);
    expect(enabled.settings).toMatchObject({ enabled: true, mode: 'fifo', admissionRate: 2.5, maxActive: 50, tokenTtlSeconds: 120 });
    expect((await stats(['pause', eventId])).paused).toBe(true);
    expect((await stats(['status', eventId])).paused).toBe(true);
    expect((await stats(['resume', eventId])).paused).toBe(false);
    const changed = await stats(['settings', eventId, '--admission-rate', 'none', '--heartbeat-timeout', '30']);
    // A patch: what was not given is kept.
    expect(changed.settings).toMatchObject({ admissionRate: null, maxActive: 50, tokenTtlSeconds: 120, heartbeatTimeoutSeconds: 30 });
    const table = await boxoffice(['queue', 'status', eventId], env);
    expect(table.stdout).toMatch(/state\tadmitting\n/);
    expect(table.stdout).toMatch(/max active\t50\n/);
    expect((await stats(['disable', eventId])).settings.enabled).toBe(false);
  });

  it('errors name the flag (exit 2); no admin token is exit 4; in-process is a usage error', async () => {
    const both = await boxoffice(['queue', 'settings', eventId, '--admission-rate', 'none', '--max-active', 'none'], env);
    expect([both.code, both.stderr]).toEqual([2, 'boxoffice: --admission-rate: give an admission rate or a --max-active cap (or both)\n']);
    const rate = await boxoffice(['queue', 'enable', eventId, '--admission-rate', '-1'], env);
    expect([rate.code, rate.stderr]).toEqual([2, expect.stringContaining("option '--admission-rate <n|none>' argument '-1' is invalid")]);
    const anonymous = await boxoffice(['queue', 'status', eventId], { BOXOFFICE_URL: server.url });
    expect(anonymous.code).toBe(4);
    const user = (await boxoffice(['auth', 'token', '--user', 'zoe'], { BOXOFFICE_SECRET: SECRET })).stdout.trim();
    expect((await boxoffice(['queue', 'pause', eventId], { BOXOFFICE_URL: server.url, BOXOFFICE_TOKEN: user })).code).toBe(4);
    const local = await boxoffice(['queue', 'status', eventId, '--store', 'memory']);
    expect([local.code, local.stderr]).toEqual([2, expect.stringContaining('the waiting queue lives in the server process')]);
  });
});
