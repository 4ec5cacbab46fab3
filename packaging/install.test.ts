/**
 * The packages as an integrator gets them: `pnpm pack` each one (workspace: ranges become real
 * versions), `npm install` the tarballs into fresh directories outside the repository (npm
 * reaches the registry for the dependencies), and use them. Needs `pnpm build` first.
 * Run by `pnpm test:packaging` (and `.ci/run`); docs/packaging.md says what each check proves.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..');
const CONSUMERS = join(import.meta.dirname, 'consumers');
const PACKAGES = ['sdk', 'server', 'cli'] as const;
/** The optional peers an integrator on the memory store must not get (nor the test kit's peers). */
const OPTIONAL = ['@electric-sql/pglite', 'pg', 'kysely', 'ioredis', 'lunr', 'vitest', 'fast-check'];
/**
 * The SDK with the memory store, installed (`du -sk node_modules`), at most: issue 16's goal. It
 * was 13.3 MB on 2026-12-07 (zod 8.2 MB of it), 5.9 MB once zod was bundled (docs/packaging.md);
 * a dependency that grows it back fails the check.
 */
const GOAL_KB = 10 * 1024;

let work = '';
const tarballs = new Map<string, string>();

interface Output {
  stdout: string;
  stderr: string;
}

async function sh(command: string, args: readonly string[], cwd: string, timeoutMs = 300_000): Promise<Output> {
  // Plain output to match on: no colour, no update notice.
  return run(command, args, { cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
}

/** A fresh consumer project with the given tarballs installed by npm; returns npm's output. */
async function install(name: string, packages: readonly string[]): Promise<{ dir: string; npm: string }> {
  const dir = join(work, name);
  cpSync(CONSUMERS, dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${name}`, private: true, type: 'module' }));
  const { stdout, stderr } = await sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=warn', ...packages.map((p) => tarballs.get(p)!)], dir);
  return { dir, npm: stdout + stderr };
}

/** `tsc --strict` without skipLibCheck over `files`, with Node's types from the workspace: its error lines. */
async function typeErrors(dir: string, files: readonly string[]): Promise<string[]> {
  const tsconfig = {
    compilerOptions: {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
      typeRoots: [join(ROOT, 'node_modules', '@types')],
    },
    files,
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const output = await sh(process.execPath, [tsc, '-p', 'tsconfig.json'], dir).then(
    () => '',
    (error: Output) => error.stdout + error.stderr,
  );
  return output.split('\n').filter((line) => / error TS\d+/.test(line));
}

/**
 * The installed packages (nested ones included) whose `engines.node` does not allow every Node
 * version `pkg`'s own `engines` promises: what npm would warn EBADENGINE about on one of them.
 */
function enginesNotCovered(dir: string, pkg: string): string[] {
  const ours = (JSON.parse(readFileSync(join(dir, 'node_modules', pkg, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;
  const found: string[] = [];
  const walk = (modules: string): void => {
    for (const name of readdirSync(modules)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) {
        walk(join(modules, name));
        continue;
      }
      const home = join(modules, name);
      const manifest = join(home, 'package.json');
      if (!existsSync(manifest)) continue;
      const { name: id, version, engines } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string; engines?: { node?: string } };
      if (engines?.node && !semver.subset(ours, engines.node)) found.push(`${id}@${version} needs node ${engines.node}`);
      if (existsSync(join(home, 'node_modules'))) walk(join(home, 'node_modules'));
    }
  };
  walk(join(dir, 'node_modules'));
  return found;
}

async function installedKb(dir: string): Promise<number> {
  const { stdout } = await sh('du', ['-sk', 'node_modules'], dir);
  return Number(stdout.split('\t')[0]);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'boxoffice-packaging-'));
  const into = join(work, 'tarballs');
  for (const name of PACKAGES) {
    if (!existsSync(join(ROOT, 'packages', name, 'dist'))) throw new Error(`packages/${name} is not built: run pnpm build first`);
    const before = new Set(existsSync(into) ? readdirSync(into) : []);
    await sh('pnpm', ['pack', '--pack-destination', into], join(ROOT, 'packages', name));
    const made = readdirSync(into).filter((f) => f.endsWith('.tgz') && !before.has(f));
    expect(made).toHaveLength(1);
    tarballs.set(name, join(into, made[0]!));
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('@boxoffice/sdk alone, with the memory store', () => {
  let dir = '';
  let npm = '';
  beforeAll(async () => {
    ({ dir, npm } = await install('sdk', ['sdk']));
  });

  it('installs without engine warnings and without any optional backend', () => {
    expect(npm).not.toMatch(/EBADENGINE/);
    const present = OPTIONAL.filter((p) => existsSync(join(dir, 'node_modules', p)));
    expect(present).toEqual([]);
  });

  it('promises in engines only Node versions every dependency accepts', () => {
    expect(enginesNotCovered(dir, '@boxoffice/sdk')).toEqual([]);
  });

  it('stays small installed', async () => {
    const kb = await installedKb(dir);
    console.log(`packaging: @boxoffice/sdk with the memory store installs ${(kb / 1024).toFixed(1)} MB (du -sk: ${kb} KB; goal <= ${GOAL_KB} KB)`);
    writeFileSync(join(ROOT, '.packaging-size.json'), JSON.stringify({ sdkMemoryKb: kb, goalKb: GOAL_KB, measuredAt: new Date().toISOString() }));
    expect(kb).toBeLessThanOrEqual(GOAL_KB);
  });

  it('bundles zod: no zod installed, and only the /schemas entry\'s declarations name it', () => {
    expect(existsSync(join(dir, 'node_modules', 'zod'))).toBe(false);
    const dist = join(dir, 'node_modules', '@boxoffice', 'sdk', 'dist');
    const naming = (readdirSync(dist, { recursive: true }) as string[])
      .filter((f) => /\.d\.c?ts$/.test(f) && !f.startsWith('schemas'))
      .filter((f) => /(from|import) ['"]zod['"]/.test(readFileSync(join(dist, f), 'utf8')));
    expect(naming).toEqual([]);
  });

  it('an ESM consumer creates an event, holds two seats and confirms with the test gateway', async () => {
    const { stdout } = await sh(process.execPath, ['esm.mjs'], dir);
    const result = JSON.parse(stdout) as { entry: string; status: string; tickets: number; auditOk: boolean };
    expect(result).toEqual({ entry: expect.stringMatching(/@boxoffice\/sdk\/dist\/index\.js$/), status: 'CONFIRMED', tickets: 2, auditOk: true });
  });

  it('a CommonJS consumer does the same through require()', async () => {
    const { stdout } = await sh(process.execPath, ['cjs.cjs'], dir);
    const result = JSON.parse(stdout) as { entry: string; status: string };
    expect(result).toEqual({ entry: expect.stringMatching(/@boxoffice\/sdk\/dist\/index\.cjs$/), status: 'CONFIRMED', tickets: 2, auditOk: true });
  });

  it('says what to install when a store or the default search needs a missing backend', async () => {
    const { stdout } = await sh(process.execPath, ['missing-backends.mjs'], dir);
    const report = JSON.parse(stdout) as Record<string, { code: string; message: string }>;
    expect(report.pglite).toEqual({ code: 'UNAVAILABLE', message: expect.stringContaining('npm install @electric-sql/pglite kysely') });
    expect(report.postgres).toEqual({ code: 'UNAVAILABLE', message: expect.stringContaining('npm install pg kysely') });
    expect(report.lunr).toEqual({ code: 'UNAVAILABLE', message: expect.stringContaining('npm install lunr') });
  });

  it('type-checks a TypeScript consumer with tsc --strict, without skipLibCheck', async () => {
    expect(await typeErrors(dir, ['consumer.ts'])).toEqual([]);
  });
});

describe('@boxoffice/server with the SDK', () => {
  let dir = '';
  let npm = '';
  beforeAll(async () => {
    ({ dir, npm } = await install('server', ['sdk', 'server']));
  });

  it('installs without engine warnings, promising only Node versions every dependency accepts', () => {
    expect(npm).not.toMatch(/EBADENGINE/);
    expect(enginesNotCovered(dir, '@boxoffice/server')).toEqual([]);
  });

  it('derives its request schemas from the SDK\'s (its own zod converting the SDK\'s bundled one\'s)', async () => {
    const { stdout } = await sh(process.execPath, ['server-schemas.mjs'], dir);
    const result = JSON.parse(stdout) as { status: number; venue: { properties: string[]; required: string[]; additionalProperties: unknown }; holdProperties: string[] };
    expect(result.status).toBe(200);
    expect(result.venue).toEqual({ properties: ['address', 'city', 'country', 'lat', 'lon', 'name', 'seatMap'], required: ['city', 'lat', 'lon', 'name', 'seatMap'], additionalProperties: false });
    expect(result.holdProperties).toEqual(expect.arrayContaining(['eventId', 'best', 'ticketIds']));
  });
});

describe('@boxoffice/cli with the server and the SDK', () => {
  let dir = '';
  let npm = '';
  beforeAll(async () => {
    ({ dir, npm } = await install('cli', ['sdk', 'server', 'cli']));
  });

  it('installs without engine warnings (the Node 20 pins reach npm), promising only Node versions every dependency accepts', async () => {
    expect(npm).not.toMatch(/EBADENGINE/);
    expect(enginesNotCovered(dir, '@boxoffice/cli')).toEqual([]);
    console.log(`packaging: the CLI with the server and every backend installs ${((await installedKb(dir)) / 1024).toFixed(1)} MB`);
  });

  it('runs `npx boxoffice --help`', async () => {
    const { stdout } = await sh('npx', ['--no', '--', 'boxoffice', '--help'], dir);
    expect(stdout).toMatch(/Usage: boxoffice/);
  });

  it('runs `npx boxoffice demo --store memory`', async () => {
    const { stdout, stderr } = await sh('npx', ['--no', '--', 'boxoffice', 'demo', '--store', 'memory'], dir);
    expect(`${stdout}${stderr}`).toMatch(/Demo done/);
  });

  it('loads no backend package when CommonJS code requires the SDK root, though all are installed', async () => {
    const script = "require('@boxoffice/sdk'); console.log(JSON.stringify(Object.keys(require.cache)))";
    const { stdout } = await sh(process.execPath, ['-e', script], dir);
    const loaded = (JSON.parse(stdout) as string[]).filter((f) => OPTIONAL.some((p) => f.includes(`/node_modules/${p}/`)));
    expect(loaded).toEqual([]);
  });

  it('type-checks every entry, backends included, with tsc --strict and no skipLibCheck', async () => {
    // Only our own declarations and the consumer are judged: PGlite's (Emscripten, WebAssembly
    // types it does not depend on) and ioredis's (redis-errors has no types) fail lib checks by
    // themselves, whoever imports them (docs/packaging.md).
    const errors = await typeErrors(dir, ['consumer.ts', 'backends.ts']);
    const ours = errors.filter((line) => !line.startsWith('node_modules/') || line.startsWith('node_modules/@boxoffice/'));
    expect(ours).toEqual([]);
    console.log(`packaging: tsc over every entry: 0 errors in @boxoffice's declarations, ${errors.length} in third-party ones`);
  });
});
