import { afterEach, beforeEach } from 'vitest';
import { TestPaymentGateway } from '../../adapters/payments/test-gateway.js';
import type { BoxOffice } from '../../box-office.js';
import { createBoxOffice } from '../../create-box-office.js';
import type { DomainEvent } from '../../domain/types.js';
import type { ClockControl, Store } from '../../ports/store.js';

/** A fresh, isolated store for one test, and how to throw it away. */
export interface StoreHarness {
  readonly store: Store & ClockControl;
  cleanup(): Promise<void>;
}

export type StoreFactory = () => Promise<StoreHarness>;

/**
 * Puts another BoxOffice in front of the in-process one, for the cases to drive: the remote
 * client over a live server, say. The store, gateway and bus log stay the in-process ones.
 */
export type BoxOfficeWrapper = (inner: BoxOffice) => Promise<{
  bo: BoxOffice;
  /** The user a buyer call without `userId` acts as (over HTTP: the token's user). */
  actsAs?: string;
  close(): Promise<void>;
}>;

/** What each conformance case gets: a BoxOffice over a fresh store, its gateway and bus log. */
export interface CaseContext {
  bo: BoxOffice;
  store: Store & ClockControl;
  gateway: TestPaymentGateway;
  events: DomainEvent[];
  /** The user a buyer call without `userId` acts as; undefined in-process (such a call fails). */
  actsAs: string | undefined;
}

/** Registers before/after hooks that give every case of the enclosing `describe` a fresh context. */
export function useCaseContext(factory: StoreFactory, through?: BoxOfficeWrapper): CaseContext {
  const ctx = {} as CaseContext;
  let harness: StoreHarness | undefined;
  let inner: BoxOffice | undefined;
  let wrapper: { close(): Promise<void> } | undefined;
  beforeEach(async () => {
    harness = await factory();
    ctx.store = harness.store;
    ctx.gateway = new TestPaymentGateway({ timeoutMs: 5 });
    inner = createBoxOffice({ store: harness.store, payments: ctx.gateway, ownsStore: false });
    ctx.events = [];
    inner.subscribe((e) => ctx.events.push(e));
    if (through) {
      const wrapped = await through(inner);
      wrapper = wrapped;
      ctx.bo = wrapped.bo;
      ctx.actsAs = wrapped.actsAs;
    } else {
      ctx.bo = inner;
      ctx.actsAs = undefined;
    }
  });
  afterEach(async () => {
    await wrapper?.close();
    wrapper = undefined;
    await inner?.close();
    await harness?.cleanup();
  });
  return ctx;
}

/** Runs `fn` and returns the BoxOfficeError code it threw (fails when it does not throw). */
export async function codeOf(fn: () => Promise<unknown>): Promise<{ code: string; field: string | undefined }> {
  try {
    await fn();
  } catch (error) {
    const e = error as { code?: string; field?: string };
    if (typeof e.code !== 'string') throw error;
    return { code: e.code, field: e.field };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
