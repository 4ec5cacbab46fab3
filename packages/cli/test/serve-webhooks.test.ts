import { signToken } from '@boxoffice/sdk';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { boxoffice, BUILT, serveProcess, type Served } from './cli-process.js';

/** `serve` refuses private webhook targets unless `--webhook-allow-private` or its variable allows them. */
const SECRET = 'cli-webhook-test-secret-0123456789';
const admin = { authorization: `Bearer ${signToken(SECRET, { userId: 'ops', role: 'admin' })}`, 'content-type': 'application/json' };

beforeAll(() => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm --filter @boxoffice/cli build` first');
});

describe('serve and private webhook targets', () => {
  let server: Served | undefined;
  afterEach(async () => {
    if (server && server.child.exitCode === null) await server.stop('SIGKILL');
    server = undefined;
  });
  const register = (url: string) => fetch(`${server!.url}/admin/webhooks`, { method: 'POST', headers: admin, body: JSON.stringify({ url }) });

  it.each([
    ['by default: refused, naming url', [], {}, 400],
    ['with --webhook-allow-private: accepted', ['--webhook-allow-private'], {}, 201],
    ['with BOXOFFICE_WEBHOOK_ALLOW_PRIVATE=1: accepted', [], { BOXOFFICE_WEBHOOK_ALLOW_PRIVATE: '1' }, 201],
  ] as const)('%s', async (_name, flags, env, status) => {
    server = await serveProcess(['--store', 'memory', '--port', '0', '--log-level', 'warn', ...flags], { BOXOFFICE_SECRET: SECRET, ...env });
    const res = await register('http://127.0.0.1:9/hooks');
    expect(res.status).toBe(status);
    if (status === 400) expect(await res.json()).toMatchObject({ code: 'VALIDATION', field: 'url' });
  }, 30_000);

  it('refuses a variable that is not a yes or a no', async () => {
    const run = await boxoffice(['serve', '--store', 'memory', '--port', '0'], { BOXOFFICE_SECRET: SECRET, BOXOFFICE_WEBHOOK_ALLOW_PRIVATE: 'maybe' });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/BOXOFFICE_WEBHOOK_ALLOW_PRIVATE/);
  });
});
