import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { newWebhookEndpoint, REFUSED_DESTINATION_REASON, WebhookDispatcher } from '@boxoffice/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from './helpers.js';
import { deadUrl, startReceiver } from './webhook-receiver.js';

/** A resolver answering `address` for every name: what a DNS server the attacker runs may do. */
function resolvingTo(address: string): LookupFunction {
  const lookup = (_host: string, options: { all?: boolean }, callback: (e: Error | null, a: string | LookupAddress[], f?: number) => void) => {
    const family = address.includes(':') ? 6 : 4;
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  return lookup as unknown as LookupFunction;
}

describe('webhook destinations: no loopback, private, link-local or metadata targets unless allowed', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  async function app(options: Parameters<typeof testApp>[0] = {}): Promise<TestApp> {
    const t = await testApp(options);
    closers.push(t.close);
    return t;
  }
  async function receiver() {
    const r = await startReceiver();
    closers.push(r.close);
    return r;
  }
  const register = (t: TestApp, url: string) => t.app.inject({ method: 'POST', url: '/admin/webhooks', headers: t.as.admin, payload: { url } });

  it.each([
    'http://127.0.0.1/x',
    'http://127.1.2.3:8080/x',
    'http://2130706433/x', // 127.0.0.1 as one number
    'http://10.1.2.3/x',
    'http://172.16.0.1/x',
    'http://192.168.1.1/x',
    'http://100.64.0.1/x',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0:9/x',
    'http://[::1]/x',
    'http://[::]/x',
    'http://[::ffff:127.0.0.1]/x',
    'http://[::ffff:169.254.169.254]/x',
    'http://[fd00:ec2::254]/x',
    'http://[fe80::1]/x',
    'http://localhost:8080/x',
    'http://LOCALHOST./x',
    'http://api.localhost/x',
    'http://metadata.google.internal/computeMetadata/v1/',
  ])('refuses to register %s (400 VALIDATION naming url)', async (url) => {
    const t = await app();
    const res = await register(t, url);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION', field: 'url', detail: expect.stringMatching(/public address/) });
    expect(await t.store.webhooks.listEndpoints()).toEqual([]);
  });

  it('refuses a name that resolves to a refused address, accepts one that resolves to a public one', async () => {
    const toLoopback = await app({ webhookLookup: resolvingTo('127.0.0.1') });
    const refused = await register(toLoopback, 'https://hooks.example.test/x');
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'VALIDATION', field: 'url' });
    const toMetadata = await app({ webhookLookup: resolvingTo('::ffff:169.254.169.254') });
    expect((await register(toMetadata, 'https://hooks.example.test/x')).statusCode).toBe(400);
    const toPublic = await app({ webhookLookup: resolvingTo('203.0.113.10') });
    expect((await register(toPublic, 'https://hooks.example.test/x')).statusCode).toBe(201);
  });

  it('accepts loopback and private targets when the operator allows them', async () => {
    const t = await app({ allowPrivateWebhooks: true });
    for (const url of ['http://127.0.0.1:9/x', 'http://[::1]/x', 'http://10.0.0.5/x', 'http://localhost/x']) expect((await register(t, url)).statusCode).toBe(201);
    expect(() => newWebhookEndpoint({ url: 'http://127.0.0.1/x' })).toThrow(/public address/);
  });

  it('refuses at delivery a name that resolves to loopback now (DNS rebinding), with a reason that tells nothing of what answered', async () => {
    const t = await app();
    const live = await receiver();
    const port = new URL(live.url).port;
    const dead = new URL(await deadUrl()).port;
    // Registered while the name was public; URLs stored before this check go the same way.
    const rebound = await t.store.webhooks.createEndpoint(newWebhookEndpoint({ url: `http://rebind.example.test:${port}/hooks` }));
    const literal = await t.store.webhooks.createEndpoint(newWebhookEndpoint({ url: live.url }, { allowPrivateTargets: true }));
    const closed = await t.store.webhooks.createEndpoint(newWebhookEndpoint({ url: `http://127.0.0.1:${dead}/gone` }, { allowPrivateTargets: true }));
    for (const endpoint of [rebound, literal, closed]) await t.store.webhooks.enqueue(endpoint.id, { id: `ping_${endpoint.id}`, type: 'webhook.ping', createdAt: new Date().toISOString(), data: {} });

    const dispatcher = new WebhookDispatcher({ store: t.store.webhooks, lookup: resolvingTo('127.0.0.1'), retryDelaysMs: [] });
    expect(await dispatcher.runOnce()).toMatchObject({ attempted: 3, delivered: 0, failed: 3 });
    await dispatcher.stop();
    expect(live.received).toEqual([]);
    for (const endpoint of [rebound, literal, closed]) {
      const [delivery] = await t.store.webhooks.listDeliveries(endpoint.id, 1);
      // The open port and the closed one read the same: no port scanner.
      expect(delivery).toMatchObject({ status: 'FAILED', attempts: [{ statusCode: null, error: REFUSED_DESTINATION_REASON }] });
    }
  });

  it('a name resolving to loopback through the system resolver is refused by the default dispatcher', async () => {
    const t = await app();
    const live = await receiver();
    const endpoint = await t.store.webhooks.createEndpoint(newWebhookEndpoint({ url: `http://localhost:${new URL(live.url).port}/hooks` }, { allowPrivateTargets: true }));
    await t.store.webhooks.enqueue(endpoint.id, { id: 'ping_localhost', type: 'webhook.ping', createdAt: new Date().toISOString(), data: {} });
    const dispatcher = new WebhookDispatcher({ store: t.store.webhooks, retryDelaysMs: [] });
    expect(await dispatcher.runOnce()).toMatchObject({ attempted: 1, failed: 1 });
    await dispatcher.stop();
    expect(live.received).toEqual([]);
    expect((await t.store.webhooks.listDeliveries(endpoint.id, 1))[0]).toMatchObject({ attempts: [{ error: REFUSED_DESTINATION_REASON }] });
  });

  it('with allowPrivateTargets, delivers through the same resolver to the local receiver', async () => {
    const t = await app({ allowPrivateWebhooks: true });
    const live = await receiver();
    const created = await register(t, `http://rebind.example.test:${new URL(live.url).port}/hooks`);
    expect(created.statusCode).toBe(201);
    await t.store.webhooks.enqueue(created.json().id, { id: 'ping_allowed', type: 'webhook.ping', createdAt: new Date().toISOString(), data: {} });
    const dispatcher = new WebhookDispatcher({ store: t.store.webhooks, allowPrivateTargets: true, lookup: resolvingTo('127.0.0.1') });
    expect(await dispatcher.runOnce()).toMatchObject({ attempted: 1, delivered: 1 });
    await dispatcher.stop();
    expect(live.received).toHaveLength(1);
    expect(JSON.parse(live.received[0]!.body)).toMatchObject({ id: 'ping_allowed', type: 'webhook.ping' });
  });
});
