import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LUA_SCRIPTS } from '../../src/adapters/queue/redis/lua-scripts.generated.js';
import { queueKeys } from '../../src/adapters/queue/redis/keys.js';

const sdk = fileURLToPath(new URL('../..', import.meta.url));

describe('queue Lua scripts', () => {
  it('the embedded module is up to date with lua/*.lua', () => {
    expect(() => execFileSync(process.execPath, ['scripts/embed-lua.mjs', '--check'], { cwd: sdk, stdio: 'pipe' })).not.toThrow();
  });

  it('every script file is embedded, named <name>-<numberOfKeys>.lua, with its header and no unresolved include', () => {
    const files = readdirSync(`${sdk}/src/adapters/queue/redis/lua`).filter((f) => f.endsWith('.lua'));
    expect(files.map((f) => f.replace(/-\d+\.lua$/, '')).sort()).toEqual(Object.keys(LUA_SCRIPTS).sort());
    for (const [name, script] of Object.entries(LUA_SCRIPTS)) {
      expect(files).toContain(`${name}-${script.numberOfKeys}.lua`);
      expect(script.lua).toMatch(/^--\[\[[\s\S]*Output:/);
      expect(script.lua).not.toContain('@include');
      // No key is built inside a script: every key comes in KEYS.
      expect(script.lua).not.toMatch(/['"]bo:/);
    }
  });

  it('an event\'s keys share one hash tag', () => {
    const k = queueKeys('bo:', 'evt_123');
    expect(Object.values(k).every((key) => key.startsWith('bo:{evt_123}:q:'))).toBe(true);
  });
});
