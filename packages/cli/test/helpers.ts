import { createBoxOffice, createTestGateway, MemoryStore, type BoxOffice, type TestPaymentGateway } from '@boxoffice/sdk';
import type { CommandContext, OpenNeeds, StoreChoice } from '../src/context.js';
import type { Io } from '../src/io.js';

/** An Io that records what a command writes. */
export interface FakeIo extends Io {
  out(): string;
  err(): string;
}

export function fakeIo(
  options: { isTTY?: boolean; stdinIsTTY?: boolean; env?: Record<string, string | undefined>; columns?: number } = {},
): FakeIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    isTTY: options.isTTY ?? false,
    stdinIsTTY: options.stdinIsTTY ?? false,
    env: options.env ?? {},
    columns: options.columns,
    out: () => out,
    err: () => err,
  };
}

export interface MemoryHarness {
  readonly bo: BoxOffice;
  readonly gateway: TestPaymentGateway;
  readonly io: FakeIo;
  readonly ctx: CommandContext;
  /** What each `open()` call asked for. */
  readonly opens: OpenNeeds[];
}

/** A command context over a fresh memory store; the test closes `bo`. */
export function memoryHarness(io: FakeIo = fakeIo(), store: StoreChoice = { spec: 'memory', source: 'flag' }): MemoryHarness {
  const gateway = createTestGateway();
  const bo = createBoxOffice({ store: new MemoryStore(), payments: gateway });
  const opens: OpenNeeds[] = [];
  const ctx: CommandContext = {
    io,
    store,
    target: { kind: 'store', store },
    open: async (needs = {}) => {
      opens.push(needs);
      return bo;
    },
  };
  return { bo, gateway, io, ctx, opens };
}

/** Strips ANSI colour codes. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
