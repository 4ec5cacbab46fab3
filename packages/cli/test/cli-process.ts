import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The committed entry point, which runs the BUILT CLI (`pnpm build` first). */
export const BIN = fileURLToPath(new URL('../bin/boxoffice.mjs', import.meta.url));
export const BUILT = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Spawns `node bin/boxoffice.mjs ...args` with no TTY and no inherited BOXOFFICE_STORE. */
export function boxoffice(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const started = performance.now();
  const { BOXOFFICE_STORE: _ignored, ...inherited } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...inherited, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}
