import { verifyWebhookSignature, WebhookDispatcher, type WebhookStore } from '@boxoffice/sdk';
import { seatsOf } from '@boxoffice/sdk/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, hallEvent, testApp, type TestApp } from './helpers.js';
import { deadUrl, startReceiver } from './webhook-receiver.js';

describe('webhooks', () => {
  let t: TestApp;
  let hooks: WebhookStore;
  const closers: Array<() => Promise<void>> = [];
  beforeEach(async () => {
    // The receivers listen on loopback: allowed explicitly (refused by default, see webhook-targets.test.ts).
    t = await testApp({ allowPrivateWebhooks: true });
    hooks = t.store.webhooks;
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await t.close();
  });

  async function register(payload: Record<string, unknown>) {
    const res = await t.app.inject({ method: 'POST', url: '/admin/webhooks', headers: t.as.admin, payload });
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string; url: string; secret: string; topics: string[] | null }>();
  }

  async function book(userId = 'alice') {
    const { event } = await hallEvent(t);
    const [seat] = await seatsOf(t.bo, event.id, 'A', 'A');
    const hold = await t.bo.hold({ eventId: event.id, userId, ticketIds: [seat!] });
    return t.bo.confirm({ holdId: hold.id, userId, paymentDetails: { token: 'tok_visa' } });
  }

  async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
    const r = await startReceiver(answer);
    closers.push(r.close);
    return r;
  }

  it('registers (secret shown once), lists, shows and deletes endpoints', async () => {
    const created = await register({ url: 'https://crm.example.test/hooks', topics: ['booking.confirmed'], description: 'CRM' });
    expect(created).toMatchObject({ id: expect.stringMatching(/^whk_/), secret: expect.stringMatching(/^whsec_/), topics: ['booking.confirmed'], description: 'CRM', createdAt: expect.any(String) });
    const list = await t.app.inject({ method: 'GET', url: '/admin/webhooks', headers: t.as.admin });
    expect(list.json()).toEqual([{ id: created.id, url: created.url, topics: ['booking.confirmed'], description: 'CRM', createdAt: expect.any(String) }]);
    expect(list.body).not.toContain(created.secret);
    const one = await t.app.inject({ method: 'GET', url: `/admin/webhooks/${created.id}`, headers: t.as.admin });
    expect(one.json()).toMatchObject({ id: created.id, deliveries: [] });
    expect(one.body).not.toContain(created.secret);
    expect((await t.app.inject({ method: 'DELETE', url: `/admin/webhooks/${created.id}`, headers: t.as.admin })).statusCode).toBe(204);
    const gone = await t.app.inject({ method: 'DELETE', url: `/admin/webhooks/${created.id}`, headers: t.as.admin });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'NOT_FOUND', field: 'webhookId' });
    expect((await t.app.inject({ method: 'GET', url: `/admin/webhooks/${created.id}`, headers: t.as.admin })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/admin/webhooks/nope', headers: t.as.admin })).statusCode).toBe(400);
  });

  it.each([
    [{ url: 'ftp://example.test/x' }, 'url'],
    [{ url: 'https://user:pw@example.test/x' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: `https://example.test/${'a'.repeat(2100)}` }, 'url'],
    [{ url: 42 }, 'url'],
    [{}, 'url'],
    [{ url: 'https://example.test/', topics: ['booking.exploded'] }, 'topics'],
    [{ url: 'https://example.test/', topics: [] }, 'topics'],
    [{ url: 'https://example.test/', description: 'x'.repeat(501) }, 'description'],
    [{ url: 'https://example.test/', secret: 'mine' }, 'secret'],
  ])('refuses bad registration %j with a 400 problem naming %s', async (payload, field) => {
    const res = await t.app.inject({ method: 'POST', url: '/admin/webhooks', headers: t.as.admin, payload });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'VALIDATION', field: expect.stringMatching(new RegExp(`^${field}`)) });
  });

  it('needs an admin: 401 without a token, 403 for a user', async () => {
    for (const [method, url] of [['GET', '/admin/webhooks'], ['POST', '/admin/webhooks'], ['DELETE', '/admin/webhooks/whk_x'], ['POST', '/admin/webhooks/whk_x/test']] as const) {
      expect((await t.app.inject({ method, url, payload: method === 'POST' ? { url: 'https://e.test/' } : undefined })).statusCode).toBe(401);
      expect((await t.app.inject({ method, url, headers: bearer('alice'), payload: method === 'POST' ? { url: 'https://e.test/' } : undefined })).statusCode).toBe(403);
    }
  });

  it('lists the routes in the OpenAPI document', async () => {
    const paths = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json().paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths['/admin/webhooks'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(paths['/admin/webhooks/{webhookId}'] ?? {}).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(paths['/admin/webhooks/{webhookId}/test'] ?? {})).toEqual(['post']);
  });

  it('delivers a confirmation to a real receiver, signed so the exported helper verifies it', async () => {
    const r = await receiver();
    const endpoint = await register({ url: r.url });
    const booking = await book();
    const report = await new WebhookDispatcher({ store: hooks, allowPrivateTargets: true }).runOnce();
    expect(report).toMatchObject({ fannedOut: 1, attempted: 1, delivered: 1 });
    expect(r.received).toHaveLength(1);
    const [got] = r.received;
    const body = JSON.parse(got!.body);
    expect(body).toEqual({ id: expect.any(String), type: 'booking.confirmed', createdAt: expect.any(String), data: expect.objectContaining({ bookingId: booking.id }) });
    expect(got!.headers['boxoffice-event-id']).toBe(body.id);
    expect(got!.headers['content-type']).toBe('application/json');
    const signature = got!.headers['boxoffice-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(endpoint.secret, signature, got!.body)).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', signature, got!.body)).toBe(false);
    expect(verifyWebhookSignature(endpoint.secret, signature, got!.body.replace(booking.id, 'bkg_forged'))).toBe(false);
    // Replayed later than the tolerance: refused.
    const t0 = Number(/t=(\d+)/.exec(signature)![1]);
    expect(verifyWebhookSignature(endpoint.secret, signature, got!.body, { nowSeconds: t0 + 301 })).toBe(false);
    expect(verifyWebhookSignature(endpoint.secret, signature, got!.body, { nowSeconds: t0 + 299 })).toBe(true);
    const shown = (await t.app.inject({ method: 'GET', url: `/admin/webhooks/${endpoint.id}`, headers: t.as.admin })).json();
    expect(shown.deliveries).toEqual([expect.objectContaining({ status: 'DELIVERED', attemptCount: 1, attempts: [expect.objectContaining({ attempt: 1, statusCode: 200, error: null })] })]);
  });

  it('retries a receiver failing twice with backoff on the store clock: one success, three attempts', async () => {
    const r = await receiver((n) => (n < 2 ? 500 : 200));
    const endpoint = await register({ url: r.url });
    await book();
    const dispatcher = new WebhookDispatcher({ store: hooks, allowPrivateTargets: true, retryDelaysMs: [10_000, 60_000, 300_000], jitter: 0.2 });
    await dispatcher.runOnce();
    expect(r.received.map((x) => x.status)).toEqual([500]);
    await dispatcher.runOnce(); // not due yet: nothing sent
    await t.store.advanceClock(7_000);
    await dispatcher.runOnce(); // still before the earliest jittered retry (8 s)
    expect(r.received).toHaveLength(1);
    await t.store.advanceClock(5_001);
    await dispatcher.runOnce();
    expect(r.received.map((x) => x.status)).toEqual([500, 500]);
    await t.store.advanceClock(72_001);
    await dispatcher.runOnce();
    await t.store.advanceClock(3_600_000);
    await dispatcher.runOnce();
    expect(r.received.map((x) => x.status)).toEqual([500, 500, 200]);
    expect(new Set(r.received.map((x) => x.headers['boxoffice-event-id'])).size).toBe(1);
    const [delivery] = (await t.app.inject({ method: 'GET', url: `/admin/webhooks/${endpoint.id}`, headers: t.as.admin })).json().deliveries;
    expect(delivery).toMatchObject({ status: 'DELIVERED', attemptCount: 3 });
    expect(delivery.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([200, 500, 500]);
  });

  it('marks a dead or silent endpoint FAILED after the last attempt without holding up others', async () => {
    const healthy = await receiver();
    const silent = await receiver(() => 'hang');
    const dead = await register({ url: await deadUrl() });
    const hanging = await register({ url: silent.url });
    const good = await register({ url: healthy.url });
    await book();
    const dispatcher = new WebhookDispatcher({ store: hooks, allowPrivateTargets: true, retryDelaysMs: [1_000, 1_000], jitter: 0, timeoutMs: 300 });
    const started = performance.now();
    const first = await dispatcher.runOnce();
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(first).toMatchObject({ attempted: 3, delivered: 1, retrying: 2 });
    expect(healthy.received).toHaveLength(1);
    for (let round = 0; round < 3; round++) {
      await t.store.advanceClock(1_001);
      await dispatcher.runOnce();
    }
    const show = async (id: string) => (await t.app.inject({ method: 'GET', url: `/admin/webhooks/${id}`, headers: t.as.admin })).json().deliveries[0];
    const deadDelivery = await show(dead.id);
    expect(deadDelivery).toMatchObject({ status: 'FAILED', attemptCount: 3, nextAttemptAt: null });
    expect(deadDelivery.attempts.every((a: { statusCode: number | null; error: string }) => a.statusCode === null && /ECONNREFUSED/.test(a.error))).toBe(true);
    const hangingDelivery = await show(hanging.id);
    expect(hangingDelivery).toMatchObject({ status: 'FAILED', attemptCount: 3 });
    expect(hangingDelivery.attempts[0].error).toBe('no answer within 300 ms');
    expect(silent.received).toHaveLength(3);
    expect(await show(good.id)).toMatchObject({ status: 'DELIVERED', attemptCount: 1 });
    expect(healthy.received).toHaveLength(1);
  });

  it('a dispatcher round prunes finished deliveries past the retention, at most once per interval', async () => {
    const r = await receiver();
    const endpoint = await register({ url: r.url });
    await book();
    const dispatcher = new WebhookDispatcher({ store: hooks, allowPrivateTargets: true, retentionMs: 86_400_000, pruneEveryMs: 0 });
    expect(await dispatcher.runOnce()).toMatchObject({ delivered: 1, pruned: 0 });
    await t.store.advanceClock(86_400_001);
    expect(await dispatcher.runOnce()).toMatchObject({ attempted: 0, pruned: 1 });
    expect(await hooks.listDeliveries(endpoint.id, 10)).toEqual([]);
    // Default interval (an hour): the first round prunes, the next ones in the hour do not.
    const hourly = new WebhookDispatcher({ store: hooks, allowPrivateTargets: true, retentionMs: 1 });
    expect(await hourly.runOnce()).toMatchObject({ attempted: 0, pruned: 0 }); // pruned (nothing yet)
    await book('bob');
    expect(await hourly.runOnce()).toMatchObject({ delivered: 1, pruned: 0 });
    await t.store.advanceClock(10);
    expect(await hourly.runOnce()).toMatchObject({ pruned: 0 });
    expect(await hooks.listDeliveries(endpoint.id, 10)).toHaveLength(1);
    expect(r.received).toHaveLength(2);
  });

  it('sends a ping on POST /admin/webhooks/:id/test', async () => {
    const r = await receiver();
    const endpoint = await register({ url: r.url, topics: ['booking.cancelled'] });
    const res = await t.app.inject({ method: 'POST', url: `/admin/webhooks/${endpoint.id}/test`, headers: t.as.admin });
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ deliveryId: expect.stringMatching(/^whd_/), type: 'webhook.ping', status: 'PENDING' });
    await new WebhookDispatcher({ store: hooks, allowPrivateTargets: true }).runOnce();
    expect(r.received).toHaveLength(1);
    expect(JSON.parse(r.received[0]!.body)).toMatchObject({ id: res.json().eventId, type: 'webhook.ping', data: { webhookId: endpoint.id } });
    expect(verifyWebhookSignature(endpoint.secret, r.received[0]!.headers['boxoffice-signature'] as string, r.received[0]!.body)).toBe(true);
    expect((await t.app.inject({ method: 'POST', url: '/admin/webhooks/whk_unknown/test', headers: t.as.admin })).statusCode).toBe(404);
  });

  it('answers 503 when the BoxOffice has no webhook store', async () => {
    const plain = await testApp({ withoutWebhooks: true });
    closers.push(plain.close);
    const res = await plain.app.inject({ method: 'GET', url: '/admin/webhooks', headers: plain.as.admin });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'UNAVAILABLE' });
  });
});
