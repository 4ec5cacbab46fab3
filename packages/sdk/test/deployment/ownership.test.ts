import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBoxOffice, createDeployment, createTestGateway, MemoryStore, type Store } from '../../src/index.js';
import { createLunrSearch } from '../../src/adapters/search/lunr/index.js';
import { openPgliteStore } from '../../src/adapters/postgres/pglite.js';
import { adaptersUnderTest, createHall } from '../../src/testing/index.js';

/** The rule of the composition root: it closes what it opened and never what it was given. */
describe('createDeployment owns what it opened', () => {
  it('leaves a given store and search index open after close()', async () => {
    const store = new MemoryStore();
    const search = createLunrSearch({ store });
    const deployment = await createDeployment({ store, search, payments: createTestGateway() });
    expect(deployment.store).toBe(store);
    const venue = await createHall(deployment.boxOffice, 'Given Hall');
    await deployment.close();
    // Still the caller's: a BoxOffice over the same parts works, search included.
    const again = createBoxOffice({ store, search, payments: createTestGateway(), ownsStore: false });
    expect((await store.getVenue(venue.id))?.name).toBe('Given Hall');
    await expect(again.events.search({ pageSize: 1 })).resolves.toBeDefined();
    await again.close();
    await search.close();
  });

  it('refuses a bad Redis prefix, naming the field, before opening anything', async () => {
    await expect(createDeployment({ store: 'memory', redis: 'redis://127.0.0.1:1', redisPrefix: 'has space', payments: createTestGateway() })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'redisPrefix',
    });
  });

  it('leaves a given BoxOffice open', async () => {
    const given = createBoxOffice({ store: new MemoryStore(), payments: createTestGateway() });
    const deployment = await createDeployment({ boxOffice: given });
    expect(deployment.boxOffice).toBe(given);
    expect(deployment.store).toBeUndefined();
    await deployment.close();
    await expect(createHall(given, 'Still open')).resolves.toMatchObject({ name: 'Still open' });
    await given.close();
  });
});

describe.skipIf(!adaptersUnderTest().has('pglite'))('createDeployment closes the store it opened', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bo-deployment-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("closes an opened PGlite store (its directory's lock is free again); the BoxOffice's close() is the deployment's", async () => {
    const deployment = await createDeployment({ store: dir, payments: createTestGateway() });
    const opened: Store = deployment.store!;
    expect(opened.kind).toBe('pglite');
    await deployment.boxOffice.close();
    await expect(opened.getVenue('ven_missing')).rejects.toThrow();
    // A second opener of the directory gets it: the first let go of the lock.
    const next = await openPgliteStore({ dataDir: dir });
    await next.close();
  });

  it('leaves a given PGlite store open', async () => {
    const store = await openPgliteStore({ dataDir: dir });
    const deployment = await createDeployment({ store, payments: createTestGateway() });
    await deployment.close();
    await expect(store.getVenue('ven_missing')).resolves.toBeNull();
    await store.close();
  });
});
