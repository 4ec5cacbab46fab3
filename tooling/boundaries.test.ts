import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The import boundaries (.dependency-cruiser.cjs) hold on the tree, and each rule is live: a small
 * tree that breaks every rule once is cruised with the same config and must be refused by name.
 */
const root = resolve(import.meta.dirname, '..');
const config = join(root, '.dependency-cruiser.cjs');
const depcruise = join(root, 'node_modules/.bin/depcruise');
const TREE = ['packages/sdk/src', 'packages/server/src', 'packages/cli/src', 'packages/server/web/src', 'bench', 'examples'];

interface Violation { rule: { name: string; severity: string }; from: string; to: string; cycle?: unknown[] }
interface CruiseSummary { error: number; warn: number; violations: Violation[] }

async function cruise(cwd: string, paths: string[]): Promise<CruiseSummary> {
  // depcruise exits with the number of errors; the JSON on stdout is the answer either way.
  const run = promisify(execFile)(depcruise, [...paths, '--config', config, '--output-type', 'json'], { cwd, maxBuffer: 256 * 1024 * 1024 });
  const { stdout } = await run.catch((error: { stdout?: string; stderr?: string }) => {
    if (!error.stdout) throw new Error(`depcruise failed: ${error.stderr ?? String(error)}`);
    return { stdout: error.stdout };
  });
  return (JSON.parse(stdout) as { summary: CruiseSummary }).summary;
}

const list = (violations: Violation[]) => violations.map((v) => `${v.rule.severity} ${v.rule.name}: ${v.from} -> ${v.to}`).join('\n');

describe('import boundaries', () => {
  it('hold on the tree (pnpm lint:boundaries): no errors, only the known warnings', async () => {
    const summary = await cruise(root, TREE);
    const errors = summary.violations.filter((v) => v.rule.severity === 'error');
    expect(list(errors)).toBe('');
    // Warnings are only the known exceptions listed in the config, never a new kind.
    const warned = new Set(summary.violations.map((v) => v.rule.name));
    for (const name of warned) expect(['sdk-known-type-cycles', 'bench-known-internals']).toContain(name);
  });

  describe('each rule refuses a tree that breaks it', () => {
    let dir: string;
    const files: Record<string, string> = {
      'tsconfig.base.json': '{}',
      // allowed: the domain hashing with node:crypto, the web bundle importing the protocol module
      'packages/sdk/src/domain/hash.ts': "import { createHash } from 'node:crypto';\nexport const h = createHash;\n",
      'packages/sdk/src/protocol/index.ts': 'export const MEDIA = 1;\n',
      'packages/server/web/src/ok.ts': "import { MEDIA } from '../../../sdk/src/protocol/index.js';\nexport const m = MEDIA;\n",
      // one break per rule
      'packages/sdk/src/domain/reaches-out.ts': "import { s } from '../services/service.js';\nexport const d = s;\n",
      'packages/sdk/src/domain/does-io.ts': "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
      'packages/sdk/src/adapters/adapter.ts': 'export const a = 1;\n',
      'packages/sdk/src/ports/port.ts': "import { a } from '../adapters/adapter.js';\nexport const p = a;\n",
      'packages/sdk/src/services/service.ts': "import { a } from '../adapters/adapter.js';\nexport const s = a;\n",
      'packages/sdk/src/testing/index.ts': 'export const kit = 1;\n',
      'packages/server/src/uses-kit.ts': "import { kit } from '../../sdk/src/testing/index.js';\nexport const k = kit;\n",
      'bench/deep.ts': "import { h } from '../packages/sdk/src/domain/hash.js';\nexport const b = h;\n",
      'packages/server/web/src/too-much.ts': "import { h } from '../../../sdk/src/domain/hash.js';\nexport const w = h;\n",
      'packages/server/web/src/node.ts': "import { readFileSync } from 'node:fs';\nexport const n = readFileSync;\n",
      'packages/sdk/src/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
      'packages/sdk/src/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
      // two files of a known type-only cycle, here joined by run-time imports (a cycle is named once)
      'packages/sdk/src/box-office.ts': "import { r } from './resources.js';\nexport const bo = () => r;\n",
      'packages/sdk/src/resources.ts': "import { bo } from './box-office.js';\nexport const r = () => bo;\n",
    };

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'boundaries-'));
      for (const [path, text] of Object.entries(files)) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await writeFile(join(dir, path), text);
      }
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('names every broken rule, and nothing on the allowed imports', async () => {
      const summary = await cruise(dir, ['packages', 'bench']);
      const byRule = new Map<string, string[]>();
      for (const v of summary.violations.filter((x) => x.rule.severity === 'error')) {
        byRule.set(v.rule.name, [...(byRule.get(v.rule.name) ?? []), `${v.from} -> ${v.to}`]);
      }
      expect(Object.fromEntries([...byRule].map(([name, edges]) => [name, edges.sort()]))).toEqual({
        'domain-imports-only-domain': ['packages/sdk/src/domain/reaches-out.ts -> packages/sdk/src/services/service.ts'],
        'domain-no-io-builtins': ['packages/sdk/src/domain/does-io.ts -> fs'],
        'ports-name-no-adapter': ['packages/sdk/src/ports/port.ts -> packages/sdk/src/adapters/adapter.ts'],
        'services-use-ports-not-adapters': ['packages/sdk/src/services/service.ts -> packages/sdk/src/adapters/adapter.ts'],
        'no-testing-in-production': ['packages/server/src/uses-kit.ts -> packages/sdk/src/testing/index.ts'],
        'bench-and-examples-use-public-entries': ['bench/deep.ts -> packages/sdk/src/domain/hash.ts'],
        'web-bundle-imports-only-protocol': ['packages/server/web/src/too-much.ts -> packages/sdk/src/domain/hash.ts'],
        'web-bundle-no-node-builtins': ['packages/server/web/src/node.ts -> fs'],
        'sdk-no-cycles': ['packages/sdk/src/cycle-a.ts -> packages/sdk/src/cycle-b.ts'],
        'sdk-no-runtime-cycles': ['packages/sdk/src/box-office.ts -> packages/sdk/src/resources.ts'],
      });
    });
  });
});
