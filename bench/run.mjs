#!/usr/bin/env node
// `pnpm bench <name> [args...]`: runs bench/<name>.ts through tsx (after `pnpm build`: the
// benchmarks import the packages' public entries, i.e. their dist/). A missing or unknown name lists the available ones
// and exits 2; otherwise the exit code is the benchmark's.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(join(here, `${name}.ts`))) {
  console.error(`${name ? `unknown benchmark: ${name}\n` : ''}usage: pnpm bench <name> [args]`);
  console.error(`available: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}

const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), join(here, `${name}.ts`), ...args], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
