import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireDirectoryLock, LOCK_FILE_NAME, openPgliteStore, pgliteTemplate } from '../../src/adapters/postgres/pglite.js';
import { adaptersUnderTest } from '../../src/testing/index.js';

/** A pid that belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const run = adaptersUnderTest().has('pglite') ? describe : describe.skip;

run('PGlite data directory lock', () => {
  let root: string;
  let template: Blob;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'bo-lock-'));
    template = await pgliteTemplate();
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('refuses a second open of the same directory with STORE_LOCKED, and keeps data across reopen', async () => {
    const dir = join(root, 'db1');
    const first = await openPgliteStore({ dataDir: dir, loadDataDir: template });
    const lockPath = join(dir, LOCK_FILE_NAME);
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    await first.createPerformer({ id: 'prf_kept', name: 'Kept', description: '', genre: null });

    const second = await openPgliteStore({ dataDir: dir }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(second).toMatchObject({ code: 'STORE_LOCKED' });
    expect((second as Error).message).toContain(dir);
    expect((second as Error).message).toContain(String(process.pid));

    await first.close();
    await first.close();
    expect(existsSync(lockPath)).toBe(false);

    const reopened = await openPgliteStore({ dataDir: dir });
    expect(await reopened.getPerformers(['prf_kept'])).toEqual([{ id: 'prf_kept', name: 'Kept', description: '', genre: null }]);
    await reopened.close();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = join(root, 'db2');
    const first = await openPgliteStore({ dataDir: dir, loadDataDir: template });
    await first.close();
    const pid = deadPid();
    await writeFile(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid, host: (await import('node:os')).hostname(), createdAt: 'then' }));
    const store = await openPgliteStore({ dataDir: dir });
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await store.now()).toBeGreaterThan(0);
    await store.close();
  });

  it('treats a live pid, a lock from another host, and a bare pid file as held', async () => {
    const dir = join(root, 'locks');
    const lock = await acquireDirectoryLock(dir);
    await expect(acquireDirectoryLock(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await lock.release();
    await lock.release();

    await writeFile(join(dir, LOCK_FILE_NAME), JSON.stringify({ pid: deadPid(), host: 'elsewhere.example', createdAt: '' }));
    await expect(acquireDirectoryLock(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED', details: { host: 'elsewhere.example' } });

    await writeFile(join(dir, LOCK_FILE_NAME), String(process.pid));
    await expect(acquireDirectoryLock(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED' });
    await writeFile(join(dir, LOCK_FILE_NAME), String(deadPid()));
    const taken = await acquireDirectoryLock(dir);
    await taken.release();
    expect(existsSync(join(dir, LOCK_FILE_NAME))).toBe(false);
  });
});
