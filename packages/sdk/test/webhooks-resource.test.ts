import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createBoxOffice, MemoryStore, TestPaymentGateway, type WebhookOptions } from '../src/index.js';
import { codeOf } from '../src/testing/index.js';

/** A resolver that answers `address` for every name (no real DNS in tests). */
function resolvingTo(address: string): LookupFunction {
  const lookup = (_host: string, options: { all?: boolean }, callback: (e: Error | null, a: string | LookupAddress[], f?: number) => void) => {
    const family = address.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return lookup as unknown as LookupFunction;
}

function boxOffice(webhooks?: WebhookOptions) {
  return createBoxOffice({ store: new MemoryStore(), payments: new TestPaymentGateway(), ...(webhooks ? { webhooks } : {}) });
}

/** createBoxOffice's `webhooks` option: the store used and the private-target rule of registration. */
describe('bo.webhooks in-process', () => {
  it('refuses a name that resolves to a private address, and accepts it where private targets are allowed', async () => {
    const strict = boxOffice({ lookup: resolvingTo('10.0.0.7') });
    expect(await codeOf(() => strict.webhooks.create({ url: 'https://hooks.example.test/x' }))).toEqual({ code: 'VALIDATION', field: 'url' });
    expect(await strict.webhooks.list()).toEqual([]);
    await strict.close();

    const open = boxOffice({ allowPrivateTargets: true, lookup: resolvingTo('10.0.0.7') });
    expect((await open.webhooks.create({ url: 'http://127.0.0.1:9/hooks' })).url).toBe('http://127.0.0.1:9/hooks');
    expect((await open.webhooks.create({ url: 'https://hooks.example.test/x' })).url).toBe('https://hooks.example.test/x');
    await open.close();
  });

  it('serves a webhook store given apart from the store, or none', async () => {
    const elsewhere = new MemoryStore();
    const bo = boxOffice({ store: elsewhere.webhooks });
    const endpoint = await bo.webhooks.create({ url: 'https://203.0.113.30/' });
    expect((await elsewhere.webhooks.listEndpoints()).map((e) => e.id)).toEqual([endpoint.id]);
    await bo.close();
    await elsewhere.close();

    const none = boxOffice({ store: null });
    for (const call of [() => none.webhooks.list(), () => none.webhooks.create({ url: 'https://203.0.113.30/' }), () => none.webhooks.get('whk_1'), () => none.webhooks.test('whk_1'), () => none.webhooks.delete('whk_1')]) {
      expect(await codeOf(call)).toEqual({ code: 'UNAVAILABLE', field: undefined });
    }
    // Input is still checked first, as the server's request validation does.
    expect(await codeOf(() => none.webhooks.get('nope'))).toEqual({ code: 'VALIDATION', field: 'webhookId' });
    await none.close();
  });
});
