import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyToken, type Event, type Page } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfileJson } from '../src/commands/profile/profile.js';
import { boxoffice, BUILT, serveProcess, type Served } from './cli-process.js';

/** `serve`, `auth token`, `profile` and `--url`: the built binary against a live server it started. */
const SECRET = 'cli-remote-test-secret-0123456789';

beforeAll(() => {
  if (!BUILT) throw new Error('packages/cli is not built: run `pnpm --filter @boxoffice/cli build` first');
});

describe('auth token', () => {
  it('without BOXOFFICE_SECRET: exit 4 and a message naming it', async () => {
    const run = await boxoffice(['auth', 'token', '--user', 'alice']);
    expect(run.code).toBe(4);
    expect(run.stderr).toContain('BOXOFFICE_SECRET is not set');
    expect(run.stdout).toBe('');
  });

  it('mints a token the secret verifies, with the role and lifetime asked for', async () => {
    const run = await boxoffice(['auth', 'token', '--user', 'alice', '--role', 'admin', '--ttl', '120'], { BOXOFFICE_SECRET: SECRET });
    expect(run.code).toBe(0);
    const claims = verifyToken(SECRET, run.stdout.trim());
    expect(claims).toMatchObject({ userId: 'alice', role: 'admin' });
    expect(claims.expiresAt - Date.now()).toBeGreaterThan(100_000);
    expect(claims.expiresAt - Date.now()).toBeLessThanOrEqual(120_000);
    const json = await boxoffice(['auth', 'token', '--user', 'bob', '--json'], { BOXOFFICE_SECRET: SECRET });
    expect(JSON.parse(json.stdout)).toMatchObject({ userId: 'bob', role: 'user' });
  });

  it('bad flags are usage errors (exit 2) naming the flag', async () => {
    const ttl = await boxoffice(['auth', 'token', '--user', 'alice', '--ttl', '0'], { BOXOFFICE_SECRET: SECRET });
    expect(ttl.code).toBe(2);
    expect(ttl.stderr).toContain("option '--ttl <seconds>' argument '0' is invalid");
    const user = await boxoffice(['auth', 'token', '--user', 'not a user'], { BOXOFFICE_SECRET: SECRET });
    expect(user.code).toBe(2);
    expect(user.stderr).toContain('boxoffice: --user: must be a user id');
  });
});

describe('profile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boxoffice-profiles-'));
  const env = { BOXOFFICE_CONFIG_DIR: dir };
  const token = 'bo1.secretpayloadthatmustnotshow.signaturepart';

  it('add writes a 0600 file, list masks the token, use and remove change the current one', async () => {
    const add = await boxoffice(['profile', 'add', 'prod', '--url', 'https://tickets.example.com/', '--token', token, '--json'], env);
    expect(add.code).toBe(0);
    expect(JSON.parse(add.stdout)).toEqual({ name: 'prod', url: 'https://tickets.example.com', token: 'bo1.…part', current: true });
    const path = join(dir, 'config.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8')).profiles.prod.token).toBe(token);
    expect((await boxoffice(['profile', 'add', 'staging', '--url', 'http://127.0.0.1:9'], env)).code).toBe(0);

    const list = await boxoffice(['profile', 'list', '--json'], env);
    const profiles = JSON.parse(list.stdout) as ProfileJson[];
    expect(profiles.map((p) => [p.name, p.current])).toEqual([['prod', true], ['staging', false]]);
    expect(list.stdout).not.toContain('secretpayload');
    const table = await boxoffice(['profile', 'list'], env);
    expect(table.stdout).toMatch(/\*\s+prod\s+https:\/\/tickets\.example\.com\s+bo1\.…part/);

    expect((await boxoffice(['profile', 'use', 'staging'], env)).code).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8')).current).toBe('staging');
    const removed = await boxoffice(['profile', 'remove', 'staging'], env);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('no profile is current now');
    expect(JSON.parse((await boxoffice(['profile', 'list', '--json'], env)).stdout)).toEqual([expect.objectContaining({ name: 'prod', current: false })]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a bad name, a bad URL, an unknown profile and clashing flags (exit 2)', async () => {
    const name = await boxoffice(['profile', 'add', '../evil', '--url', 'http://x'], env);
    expect([name.code, name.stderr]).toEqual([2, expect.stringContaining('boxoffice: <name>: must be 1-64 of')]);
    const url = await boxoffice(['profile', 'add', 'x', '--url', 'ftp://x'], env);
    expect([url.code, url.stderr]).toEqual([2, expect.stringContaining('boxoffice: --url: must be an http:// or https:// URL')]);
    const noUrl = await boxoffice(['profile', 'add', 'x'], env);
    expect([noUrl.code, noUrl.stderr]).toEqual([2, expect.stringContaining('profile add needs --url <url>')]);
    const unknown = await boxoffice(['events', 'list', '--profile', 'nope'], env);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringContaining('boxoffice: --profile: no profile named nope (have: prod)')]);
    const both = await boxoffice(['events', 'list', '--store', 'memory', '--url', 'http://127.0.0.1:9']);
    expect([both.code, both.stderr]).toEqual([2, expect.stringContaining('give one of --store, --url and --profile, not --store and --url')]);
  });

  it('an unreachable deployment is exit 5 (unavailable)', async () => {
    const run = await boxoffice(['events', 'list', '--url', 'http://127.0.0.1:9']);
    expect(run.code).toBe(5);
    expect(run.stderr).toContain('could not reach http://127.0.0.1:9');
  });
});

describe('serve, then commands against it with --url, BOXOFFICE_URL and a profile', () => {
  let server: Served;
  let admin: string;
  const dir = mkdtempSync(join(tmpdir(), 'boxoffice-serve-profiles-'));

  beforeAll(async () => {
    server = await serveProcess(['--store', 'memory', '--port', '0', '--log-level', 'warn', '--guest'], { BOXOFFICE_SECRET: SECRET });
    admin = (await boxoffice(['auth', 'token', '--user', 'ops', '--role', 'admin'], { BOXOFFICE_SECRET: SECRET })).stdout.trim();
  }, 30_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) await server.stop('SIGKILL');
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it('serves the web pages, and with --guest lets a visitor continue as guest', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const guest = await fetch(`${server.url}/auth/guest`, { method: 'POST' });
    expect(guest.status).toBe(200);
    expect(await guest.json()).toMatchObject({ role: 'user', userId: expect.stringMatching(/^guest-/) });
  });

  it('runs the same commands remotely: demo with an admin token, then events list three ways', async () => {
    const demo = await boxoffice(['demo', '--url', server.url, '--token', admin, '--json']);
    expect(demo.code, demo.stderr).toBe(0);
    const result = JSON.parse(demo.stdout) as { store: { kind: string }; event: Event; audit: { ok: boolean } };
    expect(result.store.kind).toBe('remote');
    expect(result.audit.ok).toBe(true);
    // In-process only: a deployment takes payments with its own gateway.
    expect(demo.stderr).not.toContain('declared test double');

    // The demo's event, beside its late show and seeded catalog: the same list whichever way the target is named.
    const byFlag = await boxoffice(['events', 'list', '--url', server.url, '--json', '--page-size', '100']);
    const listed = (JSON.parse(byFlag.stdout) as Page<Event>).items.map((e) => e.id);
    expect(listed).toContain(result.event.id);
    const byEnv = await boxoffice(['events', 'list', '--json', '--page-size', '100'], { BOXOFFICE_URL: server.url });
    expect((JSON.parse(byEnv.stdout) as Page<Event>).items.map((e) => e.id)).toEqual(listed);

    expect((await boxoffice(['profile', 'add', 'local', '--url', server.url, '--token', admin], { BOXOFFICE_CONFIG_DIR: dir })).code).toBe(0);
    const byProfile = await boxoffice(['events', 'list', '--json', '--page-size', '100'], { BOXOFFICE_CONFIG_DIR: dir });
    expect((JSON.parse(byProfile.stdout) as Page<Event>).items.map((e) => e.id)).toEqual(listed);
    // A flag beats the current profile: --store memory is a fresh, empty store.
    const override = await boxoffice(['events', 'list', '--json', '--store', 'memory'], { BOXOFFICE_CONFIG_DIR: dir });
    expect(JSON.parse(override.stdout)).toMatchObject({ items: [], total: 0 });
  });

  it('search, suggest and seed (through the admin API) work remotely too', async () => {
    const seeded = await boxoffice(['seed', '--url', server.url, '--token', admin, '--events', '6', '--seats', '4', '--json']);
    expect(seeded.code).toBe(0);
    expect(JSON.parse(seeded.stdout)).toMatchObject({ events: 6, tickets: 24, path: 'api' });
    const search = await boxoffice(['events', 'search', 'night', 'owls', '--url', server.url, '--facets', 'type', '--json']);
    const result = JSON.parse(search.stdout) as { items: Event[]; total: number; facets?: { type?: unknown[] } };
    expect(result.items.map((e) => e.title)).toContain('The Night Owls: Live at the Demo Hall');
    expect(result.facets?.type?.length).toBeGreaterThan(0);
    const suggest = await boxoffice(['events', 'suggest', 'nig', '--url', server.url, '--json']);
    expect(suggest.code).toBe(0);
    expect(JSON.parse(suggest.stdout).length).toBeGreaterThan(0);
    const anonymousSeed = await boxoffice(['seed', '--url', server.url, '--events', '1']);
    expect(anonymousSeed.code).toBe(4);
  });

  it('a booking without a token is an auth error (exit 4); with a user token it books', async () => {
    const events = (JSON.parse((await boxoffice(['events', 'list', '--url', server.url, '--json', '--page-size', '100'])).stdout) as Page<Event>).items;
    const event = events.find((e) => e.title.startsWith('The Night Owls'));
    const anonymous = await boxoffice(['book', '--url', server.url, '--event', event!.id, '--best', '1', '--user', 'zoe', '--pay', 'tok_visa']);
    expect(anonymous.code).toBe(4);
    const zoe = (await boxoffice(['auth', 'token', '--user', 'zoe'], { BOXOFFICE_SECRET: SECRET })).stdout.trim();
    const booked = await boxoffice(['book', '--event', event!.id, '--best', '1', '--user', 'zoe', '--pay', 'tok_visa', '--json'], {
      BOXOFFICE_URL: server.url,
      BOXOFFICE_TOKEN: zoe,
    });
    expect(booked.code).toBe(0);
    expect(JSON.parse(booked.stdout)).toMatchObject({ status: 'CONFIRMED', userId: 'zoe' });
  });

  it('a port already taken is exit 5 with a clear message; --url is refused (exit 2)', async () => {
    const port = new URL(server.url).port;
    const taken = await boxoffice(['serve', '--store', 'memory', '--port', port, '--log-level', 'silent'], { BOXOFFICE_SECRET: SECRET });
    expect(taken.code).toBe(5);
    expect(taken.stderr).toContain(`port ${port} is already in use: pick another with --port`);
    const remote = await boxoffice(['serve', '--url', server.url]);
    expect([remote.code, remote.stderr]).toEqual([2, expect.stringContaining('serve runs a deployment over --store')]);
  });

  it('stops gracefully on SIGTERM with exit 0', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.stderr()).toContain('Stopped.');
  });

  it('and on SIGINT (Ctrl-C), without a secret set (a random one for the run, said on stderr)', async () => {
    const other = await serveProcess(['--store', 'memory', '--port', '0', '--log-level', 'warn']);
    expect(other.stderr()).toContain('BOXOFFICE_SECRET is not set: using a random secret for this run only');
    expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
    expect(await other.stop('SIGINT')).toBe(0);
  });
});
