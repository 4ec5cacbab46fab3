import { afterEach, beforeEach, expect, it } from 'vitest';
import type { BoxOffice } from '../../src/box-office.js';
import type { QueueUpdate } from '../../src/domain/queue-views.js';
import { codeOf } from '../../src/testing/conformance/harness.js';
import { createGaEvent } from '../../src/testing/queue/harness.js';

/**
 * Two BoxOffices over one store and one queue backend (two processes), and a way to make the
 * backend lose every queue (what a Redis restart without persistence does).
 */
export interface ResetWorld {
  readonly a: BoxOffice;
  readonly b: BoxOffice;
  lose(): Promise<void>;
  close(): Promise<void>;
}

const SETTINGS = { enabled: true, admissionRate: 1000, maxActive: 100, tickMs: 10 } as const;

/** Runs admission ticks on `bo` until `count` users were admitted (per `updates`); returns them in admission order. */
export async function admitAll(bo: BoxOffice, eventId: string, updates: QueueUpdate[], count: number): Promise<string[]> {
  const admitted = () => updates.flatMap((u) => (u.type === 'queue.admitted' && u.eventId === eventId ? u.admitted.map((x) => x.userId) : []));
  for (let i = 0; i < 500 && admitted().length < count; i++) {
    await bo.admitQueues();
    await new Promise((r) => setTimeout(r, 20));
  }
  return admitted();
}

/**
 * The queue survives its backend losing its data: the event stays gated, the queue comes back
 * from the store (counted once across processes), waiting users are told, and receipts give
 * their numbers back, in order, without a second place or someone else's.
 */
export function queueResetCases(open: () => Promise<ResetWorld>): void {
  let w: ResetWorld;
  beforeEach(async () => {
    w = await open();
  });
  afterEach(async () => {
    await w?.close();
  });

  it('keeps a queued event gated after the loss, re-creates it once, and restores places from receipts in order', async () => {
    const event = await createGaEvent(w.a, 20);
    await w.a.configureQueue(event.id, SETTINGS);
    const receipts = new Map<string, string>();
    for (const userId of ['ann', 'bob', 'cat']) {
      const t = await w.a.queue.join({ eventId: event.id, userId });
      expect(t.receipt).toEqual(expect.any(String));
      receipts.set(userId, t.receipt!);
    }

    await w.lose();
    const updatesA: QueueUpdate[] = [];
    const updatesB: QueueUpdate[] = [];
    w.a.queue.subscribe((u) => updatesA.push(u));
    w.b.queue.subscribe((u) => updatesB.push(u));

    // Never bypassed: both processes at once, a user who never queued is refused.
    const holds = await Promise.all([w.a, w.b].map((bo) => codeOf(() => bo.hold({ eventId: event.id, userId: 'zed', best: { quantity: 1 } }))));
    expect(holds).toEqual([
      { code: 'QUEUE_TOKEN_REQUIRED', field: 'admissionToken' },
      { code: 'QUEUE_TOKEN_REQUIRED', field: 'admissionToken' },
    ]);

    // Re-created from the store with its settings, and the reset counted once.
    const stats = await w.b.queueStats(event.id);
    expect(stats).toMatchObject({ settings: { enabled: true, admissionRate: 1000, maxActive: 100 }, generation: 1, epoch: 1, issued: 0 });
    expect(stats.lastResetAt).toEqual(expect.any(String));
    const resets = [...updatesA, ...updatesB].filter((u) => u.type === 'queue.reset');
    expect(resets.filter((u) => u.type === 'queue.reset' && u.detectedHere).length).toBe(1);
    expect(resets[0]).toMatchObject({ eventId: event.id, generation: 1 });

    // A waiting user asking is told to join again, not that they never joined.
    expect(await codeOf(() => w.b.queue.status({ eventId: event.id, userId: 'ann' }))).toEqual({ code: 'QUEUE_RESET', field: 'userId' });

    // A newcomer arrives first; then cat and ann come back with receipts; bob without (to the back).
    await w.a.queue.join({ eventId: event.id, userId: 'dan' });
    const cat = await w.b.queue.join({ eventId: event.id, userId: 'cat', receipt: receipts.get('cat')! });
    const ann = await w.a.queue.join({ eventId: event.id, userId: 'ann', receipt: receipts.get('ann')! });
    expect([ann.number, cat.number]).toEqual([1, 3]);
    await w.b.queue.join({ eventId: event.id, userId: 'bob' });

    // No second place (the same receipt again: the same number), no one else's place.
    expect((await w.a.queue.join({ eventId: event.id, userId: 'ann', receipt: receipts.get('ann')! })).number).toBe(1);
    expect(await codeOf(() => w.a.queue.join({ eventId: event.id, userId: 'eve', receipt: receipts.get('ann')! }))).toEqual({ code: 'QUEUE_TOKEN_INVALID', field: 'receipt' });
    const [head, body, sig] = receipts.get('cat')!.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${head}.${Buffer.from(JSON.stringify({ ...claims, n: 0 })).toString('base64url')}.${sig}`;
    expect(await codeOf(() => w.a.queue.join({ eventId: event.id, userId: 'cat', receipt: forged }))).toEqual({ code: 'QUEUE_TOKEN_INVALID', field: 'receipt' });

    const all: QueueUpdate[] = [];
    w.a.queue.subscribe((u) => all.push(u));
    expect(await admitAll(w.a, event.id, all, 4)).toEqual(['ann', 'cat', 'dan', 'bob']);
    expect(await w.a.audit(event.id)).toMatchObject({ ok: true });
  });

  it('does not honour a receipt from before the operator turned the queue off and on again', async () => {
    const event = await createGaEvent(w.a, 20);
    await w.a.configureQueue(event.id, SETTINGS);
    const first = await w.a.queue.join({ eventId: event.id, userId: 'ann' });
    await w.a.configureQueue(event.id, { enabled: false });
    await w.a.configureQueue(event.id, { enabled: true });
    expect((await w.a.queueStats(event.id)).epoch).toBe(2);
    await w.a.queue.join({ eventId: event.id, userId: 'bob' });
    const bobReceipt = (await w.a.queue.status({ eventId: event.id, userId: 'bob' })).receipt!;

    await w.lose();
    await w.b.queue.join({ eventId: event.id, userId: 'cat' });
    // ann's receipt is of epoch 1: she joins at the back; bob's (epoch 2) keeps his number.
    const ann = await w.b.queue.join({ eventId: event.id, userId: 'ann', receipt: first.receipt! });
    const bob = await w.b.queue.join({ eventId: event.id, userId: 'bob', receipt: bobReceipt });
    expect(bob.number).toBe(2);
    const all: QueueUpdate[] = [];
    w.b.queue.subscribe((u) => all.push(u));
    expect(await admitAll(w.b, event.id, all, 3)).toEqual(['bob', 'cat', 'ann']);
    expect(ann.number).not.toBe(first.number);
  });

  it('an operator changing a lost queue first re-creates it, so receipts still work', async () => {
    const event = await createGaEvent(w.a, 20);
    await w.a.configureQueue(event.id, SETTINGS);
    const ann = await w.a.queue.join({ eventId: event.id, userId: 'ann' });
    await w.a.queue.join({ eventId: event.id, userId: 'bob' });
    await w.lose();
    expect(await w.b.configureQueue(event.id, { admissionRate: 500 })).toMatchObject({ generation: 1, settings: { admissionRate: 500 } });
    await w.b.queue.join({ eventId: event.id, userId: 'cat' });
    expect((await w.b.queue.join({ eventId: event.id, userId: 'ann', receipt: ann.receipt! })).number).toBe(1);
  });

  it('brings a paused queue back paused, and a disabled one not at all', async () => {
    const paused = await createGaEvent(w.a, 5);
    const disabled = await createGaEvent(w.a, 5);
    await w.a.configureQueue(paused.id, SETTINGS);
    await w.a.pauseQueue(paused.id);
    await w.a.configureQueue(disabled.id, SETTINGS);
    await w.a.configureQueue(disabled.id, { enabled: false });
    await w.lose();
    // The admission tick's sweep re-creates queues nobody asked about yet.
    await w.b.admitQueues();
    expect(await w.a.queueStats(paused.id)).toMatchObject({ paused: true, generation: 1 });
    expect(await codeOf(() => w.a.queueStats(disabled.id))).toEqual({ code: 'QUEUE_DISABLED', field: 'eventId' });
    await expect(w.b.hold({ eventId: disabled.id, userId: 'zed', best: { quantity: 1 } })).resolves.toMatchObject({ eventId: disabled.id });
  });
}
