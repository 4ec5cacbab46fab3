import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM, then the exit code (a graceful close exits 0). */
  stop(): Promise<number | null>;
}

/**
 * Starts `server-process.ts` (or another script printing `{"url": ...}` once listening) in its
 * own OS process (through tsx) and waits until it listens.
 */
export async function spawnServer(env: Record<string, string>, timeoutMs = 60_000, scriptUrl = new URL('./server-process.ts', import.meta.url)): Promise<ServerProcess> {
  const script = fileURLToPath(scriptUrl);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server process did not start in ${timeoutMs} ms: ${stderr.slice(-2000)}`)), timeoutMs);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{"url"'));
      if (line) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited (${code}) before listening: ${stderr.slice(-2000)}`));
    });
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
