import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

/** The committed entry point, which runs the BUILT CLI (`pnpm build` first). */
export const BIN = fileURLToPath(new URL('../bin/boxoffice.mjs', import.meta.url));
export const BUILT = existsSync(fileURLToPath(new URL('../dist/index.js', import.meta.url)));

/** An empty configuration directory, so no test reads (or writes) the user's own profiles. */
const EMPTY_CONFIG_DIR = mkdtempSync(join(tmpdir(), 'boxoffice-cli-config-'));

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** The environment of a spawned CLI: no inherited store, deployment or token; an empty config dir. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { BOXOFFICE_STORE: _s, BOXOFFICE_URL: _u, BOXOFFICE_TOKEN: _t, BOXOFFICE_SECRET: _k, BOXOFFICE_REDIS_URL: _r, ...inherited } = process.env;
  return { ...inherited, NO_COLOR: '1', BOXOFFICE_CONFIG_DIR: EMPTY_CONFIG_DIR, ...env };
}

/** Spawns `node bin/boxoffice.mjs ...args` with no TTY (see `cliEnv` for the environment). */
export function boxoffice(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started }));
  });
}

export interface Served {
  readonly url: string;
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `boxoffice serve ...args` and resolves once it printed its URL (fails after `timeoutMs`). */
export function serveProcess(args: readonly string[], env: Record<string, string> = {}, timeoutMs = 20_000): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`serve printed no URL within ${timeoutMs} ms; stderr:\n${stderr}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening; stderr:\n${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      const url = /^(http:\/\/\S+)\n/m.exec(stdout)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        child,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return exited;
        },
      });
    });
  });
}
