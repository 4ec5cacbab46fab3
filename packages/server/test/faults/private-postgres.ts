import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL 15 of a test's own, which the test may restart, stop or freeze: the shared one
 * on 5432 is never touched. It runs as the `postgres` user in a temporary directory it owns, on
 * a free loopback port, and `destroy()` ends only it (by its own data directory) and removes it.
 */
const BIN = '/usr/lib/postgresql/15/bin';

export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` */
  readonly url: string;
  readonly port: number;
  // Asynchronous, so the test's own load keeps running while PostgreSQL goes down and up.
  restart(mode: 'fast' | 'immediate'): Promise<void>;
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** SIGSTOP to the postmaster and every backend: sockets stay open, nothing answers. */
  freeze(): void;
  thaw(): void;
  destroy(): void;
}

/** Whether this machine can run one (the binaries are there and we may become `postgres`). */
export function canRunPrivatePostgres(): boolean {
  if (!existsSync(join(BIN, 'pg_ctl'))) return false;
  return spawnSync('su', ['postgres', '-c', 'true']).status === 0;
}

function asPostgres(command: string, timeoutMs = 90_000): void {
  const r = spawnSync('su', ['postgres', '-c', command], { encoding: 'utf8', timeout: timeoutMs });
  if (r.status !== 0) throw new Error(`${command} exited ${r.status}: ${r.stderr}${r.stdout}`);
}

function asPostgresAsync(command: string, timeoutMs = 90_000): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('su', ['postgres', '-c', command], { encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${error.message} ${stderr}${stdout}`));
      else resolve();
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'bo-fault-pg-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  const data = join(dir, 'data');
  const port = await freePort();
  const ctl = (args: string) => `${BIN}/pg_ctl -D ${data} -l ${dir}/log ${args}`;
  const pids = (): number[] => {
    const file = join(data, 'postmaster.pid');
    if (!existsSync(file)) return [];
    const main = Number(readFileSync(file, 'utf8').split('\n')[0]);
    const children = spawnSync('pgrep', ['-P', String(main)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean).map(Number);
    return [main, ...children];
  };
  const signal = (sig: NodeJS.Signals) => {
    for (const pid of pids()) {
      try {
        process.kill(pid, sig);
      } catch {
        // gone already
      }
    }
  };
  // Kept if the test runner dies before afterAll: no postmaster outlives its test.
  const onExit = () => {
    signal('SIGCONT');
    spawnSync('su', ['postgres', '-c', ctl('stop -m immediate')], { timeout: 10_000 });
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  // Durability off: these tests kill the server, not the machine, so the WAL written survives.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=60`;
  try {
    asPostgres(`${BIN}/initdb -D ${data} -U postgres --auth=trust -E UTF8 --no-sync > ${dir}/initdb.log 2>&1`);
    asPostgres(ctl(`-w -t 60 -o "${opts}" start`));
  } catch (error) {
    onExit();
    process.removeListener('exit', onExit);
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: (mode) => asPostgresAsync(ctl(`-w -t 60 -m ${mode} restart`)),
    stop: (mode) => asPostgresAsync(ctl(`-w -t 60 -m ${mode} stop`)),
    start: () => asPostgresAsync(ctl(`-w -t 60 -o "${opts}" start`)),
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    destroy: () => {
      process.removeListener('exit', onExit);
      onExit();
    },
  };
}
