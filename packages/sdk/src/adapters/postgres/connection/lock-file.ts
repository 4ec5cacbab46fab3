import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { BoxOfficeError } from '../../../domain/errors.js';

/** The lock file's name inside a PGlite data directory. */
export const LOCK_FILE_NAME = 'boxoffice.lock';

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly createdAt: string;
}

export interface DirectoryLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

/**
 * PGlite has no lock on its data directory: two processes opening it would both write and
 * corrupt it. This takes `<dir>/boxoffice.lock` (created exclusively, holding our pid and host).
 * A lock left by a process that is gone (same host, pid not alive) is taken over; a live one
 * fails with STORE_LOCKED naming the directory and the holder.
 */
export async function acquireDirectoryLock(dir: string): Promise<DirectoryLock> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, LOCK_FILE_NAME);
  const mine: LockContent = { pid: process.pid, host: hostname(), createdAt: new Date().toISOString() };
  const text = JSON.stringify(mine);

  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      const handle = await open(path, 'wx');
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return lockHandle(path, text);
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const holder = await readLock(path);
    if (holder === 'missing') continue;
    if (holder === 'unreadable' && (await ageMs(path)) < FRESH_MS) {
      // Probably another process between creating the file and writing its pid.
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    if (holder !== 'unreadable' && isAlive(holder)) {
      const where = holder.host === mine.host ? '' : ` on host ${holder.host}`;
      throw new BoxOfficeError(
        'STORE_LOCKED',
        `the data directory ${dir} is in use by process ${holder.pid}${where} (lock file ${path}); ` +
          'stop that process, or remove the lock file if you are sure it is gone',
        { details: { dir, lockFile: path, pid: holder.pid, host: holder.host } },
      );
    }
    // Stale (its process is gone) or half-written by a crash: take it over, unless someone
    // else replaced it meanwhile.
    const again = await readLock(path);
    if (again !== 'missing' && JSON.stringify(again) !== JSON.stringify(holder)) continue;
    await unlink(path).catch((error: unknown) => {
      if (!isErrno(error, 'ENOENT')) throw error;
    });
  }
  throw new BoxOfficeError('STORE_LOCKED', `could not take the lock file ${path}: it keeps changing`, {
    details: { dir, lockFile: path },
  });
}

/** An unreadable lock file younger than this may still be being written. */
const FRESH_MS = 2_000;

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function lockHandle(path: string, text: string): DirectoryLock {
  let released = false;
  return {
    path,
    async release() {
      if (released) return;
      released = true;
      try {
        if ((await readFile(path, 'utf8')) === text) await unlink(path);
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
    },
  };
}

async function readLock(path: string): Promise<LockContent | 'missing' | 'unreadable'> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return 'missing';
    throw error;
  }
  try {
    const value = JSON.parse(raw) as Partial<LockContent>;
    if (typeof value.pid === 'number' && Number.isInteger(value.pid) && typeof value.host === 'string') {
      return { pid: value.pid, host: value.host, createdAt: String(value.createdAt ?? '') };
    }
  } catch {
    // fall through
  }
  // A bare pid, as other tools write it.
  const pid = Number.parseInt(raw.trim(), 10);
  if (Number.isInteger(pid) && pid > 0 && String(pid) === raw.trim()) return { pid, host: hostname(), createdAt: '' };
  return 'unreadable';
}

/** A lock from another host can't be checked from here: it counts as alive. */
function isAlive(holder: LockContent): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
