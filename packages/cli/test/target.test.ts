import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeConfig, maskToken } from '../src/config/config-file.js';
import { resolveTarget } from '../src/config/target.js';
import { main } from '../src/index.js';
import { fakeIo } from './helpers.js';

/** Where a command runs: flag > environment > current profile > embedded store. */
function configWithProfile(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'boxoffice-target-'));
  const env = { BOXOFFICE_CONFIG_DIR: dir };
  writeConfig(env, { current: 'prod', profiles: { prod: { url: 'https://prod.example.com', token: 'bo1.prodtoken.sig' } } });
  return env;
}

describe('resolveTarget', () => {
  it('with nothing set: the embedded store', () => {
    const env = { BOXOFFICE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'boxoffice-target-')) };
    expect(resolveTarget({}, env)).toEqual({ kind: 'store', store: { spec: './.boxoffice', source: 'default' } });
  });

  it('the current profile, unless the environment or a flag says otherwise', () => {
    const env = configWithProfile();
    expect(resolveTarget({}, env)).toMatchObject({ kind: 'remote', url: 'https://prod.example.com', token: 'bo1.prodtoken.sig', source: 'profile prod' });
    expect(resolveTarget({}, { ...env, BOXOFFICE_URL: 'http://127.0.0.1:8080/' })).toMatchObject({ kind: 'remote', url: 'http://127.0.0.1:8080', token: undefined, source: 'BOXOFFICE_URL' });
    expect(resolveTarget({}, { ...env, BOXOFFICE_STORE: 'memory' })).toEqual({ kind: 'store', store: { spec: 'memory', source: 'env' } });
    expect(resolveTarget({ store: 'memory' }, { ...env, BOXOFFICE_URL: 'http://x.example' })).toMatchObject({ kind: 'store' });
    expect(resolveTarget({ url: 'http://y.example' }, env)).toMatchObject({ kind: 'remote', url: 'http://y.example', token: undefined, source: '--url' });
  });

  it('the token: --token > BOXOFFICE_TOKEN > the profile’s', () => {
    const env = configWithProfile();
    expect(resolveTarget({ profile: 'prod' }, env)).toMatchObject({ token: 'bo1.prodtoken.sig' });
    expect(resolveTarget({ profile: 'prod' }, { ...env, BOXOFFICE_TOKEN: 'from-env' })).toMatchObject({ token: 'from-env' });
    expect(resolveTarget({ profile: 'prod', token: 'from-flag' }, { ...env, BOXOFFICE_TOKEN: 'from-env' })).toMatchObject({ token: 'from-flag' });
  });

  it('refuses a bad BOXOFFICE_URL naming it, and masks tokens', () => {
    expect(() => resolveTarget({}, { BOXOFFICE_URL: 'localhost:8080', BOXOFFICE_CONFIG_DIR: '/nonexistent' })).toThrow('BOXOFFICE_URL: must be an http:// or https:// URL');
    expect(() => resolveTarget({ url: 'http://user:pw@host' }, {})).toThrow('--url: must not carry a user or password');
    expect(maskToken('bo1.abcdefghijkl.mnop')).toBe('bo1.…mnop');
    expect(maskToken('short')).toBe('****');
  });

  it('a corrupt configuration file is an error naming it (exit 2), and profile commands still work', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boxoffice-target-'));
    writeFileSync(join(dir, 'config.json'), '{ not json');
    const io = fakeIo({ env: { BOXOFFICE_CONFIG_DIR: dir } });
    expect(await main(['events', 'list'], io)).toBe(2);
    expect(io.err()).toBe(`boxoffice: ${join(dir, 'config.json')} is not valid JSON: fix or remove it\n`);
    // Overwriting it with a fresh profile is not possible either (it would lose what is there)...
    const add = fakeIo({ env: { BOXOFFICE_CONFIG_DIR: dir } });
    expect(await main(['profile', 'add', 'x', '--url', 'http://x.example'], add)).toBe(2);
    // ...but --store still runs, without reading it.
    const store = fakeIo({ env: { BOXOFFICE_CONFIG_DIR: dir } });
    expect(await main(['events', 'list', '--store', 'memory', '--json'], store)).toBe(0);
  });

  it('an old habit, book --token tok_visa, gets a pointer to --pay', async () => {
    const io = fakeIo({ env: { BOXOFFICE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'boxoffice-target-')) } });
    expect(await main(['book', '--store', 'memory', '--event', 'evt_x', '--best', '2', '--user', 'ann', '--token', 'tok_visa'], io)).toBe(2);
    expect(io.err()).toContain("boxoffice: --token is the deployment's bearer token; pay with --pay tok_visa\n");
    expect(io.err()).toContain('missing --pay <tok_...>');
  });
});
