import { spawn, type ChildProcess } from 'node:child_process';

export interface Spawned {
  readonly url: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** The URL a child announced: a `{"url": ...}` line, or a whole (pretty-printed) JSON object like `serve --json` prints. */
function listeningUrl(out: string): string | undefined {
  const line = out.split('\n').find((l) => l.startsWith('{"url"'));
  if (line) return (JSON.parse(line) as { url: string }).url;
  const start = out.indexOf('{');
  const end = out.indexOf('\n}', start);
  if (start < 0 || end < 0) return undefined;
  try {
    const url = (JSON.parse(out.slice(start, end + 2)) as { url?: unknown }).url;
    return typeof url === 'string' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `args` under node with env, waits for its `{"url": ...}` line (up to 60 s). */
export async function spawnListening(args: string[], env: Record<string, string> = {}): Promise<Spawned> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`did not start within 60 s: ${stderr.slice(-2000)}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const url = listeningUrl(out);
      if (url) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before listening: ${stderr.slice(-2000)}`));
    });
  });
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
