import { existsSync } from 'node:fs';
import { connect, createDeployment, createTestGateway, DEFAULT_STORE, describeStore, type BoxOffice, type Store } from '@boxoffice/sdk';
import type { Target } from './config/target.js';
import { println, type Io } from './io.js';

/** Which store the command runs on, and where that choice came from. */
export interface StoreChoice {
  readonly spec: string;
  readonly source: 'flag' | 'env' | 'default';
}

/** What a command needs from its opener. */
export interface OpenNeeds {
  /** The command may move money: say once which gateway takes the payments. */
  readonly payments?: boolean;
}

/** Opens (once) the `BoxOffice` the command works on. */
export type Opener = (needs?: OpenNeeds) => Promise<BoxOffice>;

/** Every command's dependencies: where to write and how to reach the SDK. */
export interface CommandContext {
  readonly io: Io;
  readonly open: Opener;
  readonly store: StoreChoice;
  /** Where the command runs: the embedded store or a deployment (`--url`, a profile). */
  readonly target: Target;
  /**
   * Bulk work (seed) may write straight to the store under the open BoxOffice: the store when
   * the command runs in-process, undefined against a deployment. Opens like `open()`.
   */
  readonly openStore?: () => Promise<Store | undefined>;
}

/** `--store` flag, else `BOXOFFICE_STORE`, else the embedded store in `./.boxoffice`. */
export function resolveStore(flag: string | undefined, env: Io['env']): StoreChoice {
  if (flag !== undefined) return { spec: flag, source: 'flag' };
  const fromEnv = env.BOXOFFICE_STORE;
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { spec: fromEnv, source: 'env' };
  return { spec: DEFAULT_STORE, source: 'default' };
}

export const TEST_GATEWAY_NOTICE =
  'Payments use the test gateway, a declared test double: no real money moves.\n' +
  'Test tokens: tok_visa (pays), tok_declined (declines), tok_timeout (no answer).';

/**
 * The real context: on first use, either connects to the deployment (the remote client: the
 * same `BoxOffice` interface over HTTP) or opens the store (the embedded store is created and
 * migrated then) and wires it into an in-process `BoxOffice` with the test gateway; `close()`
 * closes whichever it opened.
 */
export function createContext(io: Io, target: Target): { ctx: CommandContext; close: () => Promise<void> } {
  let opening: Promise<BoxOffice> | undefined;
  let store: Store | undefined;
  let announced = false;
  const open: Opener = async (needs = {}) => {
    if (target.kind === 'remote') {
      // The deployment takes the payments with whatever gateway it runs: nothing to announce here.
      opening ??= Promise.resolve(connect(target.url, target.token === undefined ? {} : { token: target.token }));
      return opening;
    }
    if (needs.payments && !announced) {
      announced = true;
      println(io.stderr, TEST_GATEWAY_NOTICE);
    }
    opening ??= openBoxOffice(io, target.store.spec, (opened) => (store = opened));
    return opening;
  };
  const openLocalStore = async (): Promise<Store | undefined> => {
    await open();
    return store;
  };
  const close = async () => {
    if (!opening) return;
    const bo = await opening.catch(() => undefined);
    await bo?.close();
  };
  return { ctx: { io, open, store: target.store, target, openStore: openLocalStore }, close };
}

async function openBoxOffice(io: Io, spec: string, opened: (store: Store) => void): Promise<BoxOffice> {
  if (isDirectorySpec(spec) && !existsSync(spec)) {
    println(io.stderr, `Creating the ${describeStore(spec)} (first run: a few seconds)...`);
  }
  // The deployment owns the store it opens: the BoxOffice's close() closes it.
  const deployment = await createDeployment({ store: spec, payments: createTestGateway() });
  opened(deployment.store!);
  return deployment.boxOffice;
}

function isDirectorySpec(spec: string): boolean {
  const s = spec.trim();
  return s !== '' && s !== 'memory' && !/^postgres(ql)?:\/\//.test(s);
}

/** Where the command runs, for messages: "in-memory store ..." or "deployment at http://... (profile prod)". */
export function describeTarget(ctx: Pick<CommandContext, 'target'>): string {
  const t = ctx.target;
  return t.kind === 'remote' ? `deployment at ${t.url} (${t.source})` : describeStore(t.store.spec);
}
