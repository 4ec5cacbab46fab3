import { createHash } from 'node:crypto';
import { afterEach, beforeEach } from 'vitest';
import { MemoryStore } from '../../adapters/memory/memory-store.js';
import { TestPaymentGateway } from '../../adapters/payments/test-gateway.js';
import type { BoxOffice } from '../../box-office.js';
import { createBoxOffice } from '../../create-box-office.js';
import type { QueueSettingsInput } from '../../domain/inputs.js';
import type { QueueUpdate } from '../../domain/queue-views.js';
import type { Event } from '../../domain/types.js';
import type { QueuePort } from '../../ports/queue.js';

/** A fresh, isolated queue backend for one test, and how to throw it away. */
export interface QueueHarness {
  readonly queue: QueuePort;
  /** Another adapter over the same queue data, as a second process would open it (memory: the same one). */
  another(): Promise<QueuePort>;
  /** Moves the clock of every adapter this harness opened. */
  advanceClock(ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

export type QueueFactory = () => Promise<QueueHarness>;

export const QUEUE_TEST_SECRET = 'queue-conformance-secret-0123456789';

/** Deterministic draw seeds: SHA-256 of a fixed master seed and a counter. */
export function fixedSeeds(master = 'boxoffice-queue-conformance'): () => string {
  let i = 0;
  return () => createHash('sha256').update(`${master}:${i++}`).digest('hex');
}

export interface QueueCaseContext {
  harness: QueueHarness;
  bo: BoxOffice;
  store: MemoryStore;
  gateway: TestPaymentGateway;
  updates: QueueUpdate[];
  /** Opens a second BoxOffice over the same store and another adapter (for concurrent admitters). */
  secondBoxOffice(): Promise<BoxOffice>;
}

/** Before/after hooks giving every case a BoxOffice over a memory store and the queue under test. */
export function useQueueContext(factory: QueueFactory): QueueCaseContext {
  const ctx = {} as QueueCaseContext;
  const extra: BoxOffice[] = [];
  beforeEach(async () => {
    ctx.harness = await factory();
    ctx.store = new MemoryStore();
    ctx.gateway = new TestPaymentGateway({ timeoutMs: 5 });
    const queueOptions = { secret: QUEUE_TEST_SECRET, newSeed: fixedSeeds() };
    ctx.bo = createBoxOffice({ store: ctx.store, payments: ctx.gateway, queue: ctx.harness.queue, queueOptions, ownsStore: false });
    ctx.updates = [];
    ctx.bo.queue.subscribe((u) => ctx.updates.push(u));
    ctx.secondBoxOffice = async () => {
      const bo = createBoxOffice({ store: ctx.store, payments: ctx.gateway, queue: await ctx.harness.another(), queueOptions, ownsStore: false });
      extra.push(bo);
      return bo;
    };
  });
  afterEach(async () => {
    for (const bo of extra.splice(0)) await bo.close();
    await ctx.bo?.close();
    await ctx.harness?.cleanup();
  });
  return ctx;
}

/** An event on sale now in a venue of `capacity` standing places (one GA section, price 1000). */
export async function createGaEvent(bo: BoxOffice, capacity: number, holdTtlSeconds = 60): Promise<Event> {
  const venue = await bo.createVenue({
    name: 'Queue Hall',
    address: '1 Queue Street',
    city: 'Porto',
    country: 'PT',
    lat: 41.15,
    lon: -8.61,
    seatMap: { sections: [{ id: 'GA', name: 'Floor', tier: 'floor', capacity }] },
  });
  const performer = await bo.createPerformer({ name: 'The Queuers' });
  return bo.createEvent({
    title: 'The Queuers live',
    type: 'concert',
    startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    onSaleAt: new Date(Date.now() - 60_000).toISOString(),
    venueId: venue.id,
    performerIds: [performer.id],
    currency: 'EUR',
    prices: { floor: 1000 },
    holdTtlSeconds,
    maxTicketsPerUser: 10,
  });
}

/** A GA event with its queue configured. */
export async function queuedEvent(c: QueueCaseContext, settings: QueueSettingsInput, capacity = 100): Promise<Event> {
  const event = await createGaEvent(c.bo, capacity);
  await c.bo.configureQueue(event.id, settings);
  return event;
}

/** Advances the queue clock by `ms` (default one tick) and runs one admission tick. */
export async function tick(c: QueueCaseContext, ms: number): Promise<number> {
  await c.harness.advanceClock(ms);
  const reports = await c.bo.admitQueues();
  return reports.reduce((n, r) => n + r.admitted, 0);
}

/** The users admitted so far (from this BoxOffice's updates), in admission order. */
export function admittedUsers(c: QueueCaseContext, eventId: string): string[] {
  return c.updates.flatMap((u) => (u.type === 'queue.admitted' && u.eventId === eventId ? u.admitted.map((a) => a.userId) : []));
}

export function tokenOf(c: QueueCaseContext, eventId: string, userId: string): string {
  for (const u of c.updates) {
    if (u.type !== 'queue.admitted' || u.eventId !== eventId) continue;
    const found = u.admitted.find((a) => a.userId === userId);
    if (found) return found.admissionToken;
  }
  throw new Error(`${userId} was not admitted`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
