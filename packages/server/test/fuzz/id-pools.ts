import fc from 'fast-check';

/**
 * Ids that exist on the server under fuzz: seeded first, then learned from every successful
 * answer (an event the fuzz created becomes a target of its holds). Requests are generated
 * ahead of time holding a `PoolRef` (a kind and a number); the id is picked when the request
 * is sent, so later requests reach what earlier ones created.
 */
export const ID_KINDS = { evt: 'event', tkt: 'ticket', hld: 'hold', bkg: 'booking', ven: 'venue', prf: 'performer', whk: 'webhook' } as const;
/** Id kinds, plus seeded subsets the examples aim at: the event on sale, its seats, the queued event. */
export type PoolKind = (typeof ID_KINDS)[keyof typeof ID_KINDS] | 'section' | 'tier' | 'saleEvent' | 'saleTicket' | 'queuedEvent';

export class PoolRef {
  constructor(
    readonly kind: PoolKind,
    readonly n: number,
  ) {}
}

/** A pick from the pool of `kind` at send time. */
export const poolRef = (kind: PoolKind): fc.Arbitrary<PoolRef> => fc.nat().map((n) => new PoolRef(kind, n));

const MAX_POOL = 400;
const ID_PATTERN = /^(evt|tkt|hld|bkg|ven|prf|whk)_[A-Za-z0-9_-]{1,64}$/;

export class IdPools {
  readonly #pools = new Map<PoolKind, string[]>();

  add(kind: PoolKind, ...ids: string[]): void {
    const pool = this.#pools.get(kind) ?? [];
    for (const id of ids) if (!pool.includes(id) && pool.length < MAX_POOL) pool.push(id);
    this.#pools.set(kind, pool);
  }

  /** The `n`th id of the kind (wrapping), or a well-formed id that does not exist. */
  pick(ref: PoolRef): string {
    const pool = this.#pools.get(ref.kind) ?? [];
    return pool.length > 0 ? pool[ref.n % pool.length]! : `${ref.kind.slice(0, 3)}_absent${ref.n}`;
  }

  /** Learns every id in a JSON answer (nested anywhere). */
  learn(value: unknown, depth = 0): void {
    if (depth > 6 || value === null) return;
    if (typeof value === 'string') {
      const match = ID_PATTERN.exec(value);
      if (match) this.add(ID_KINDS[match[1] as keyof typeof ID_KINDS], value);
      return;
    }
    if (Array.isArray(value)) {
      for (const item of value.slice(0, 50)) this.learn(item, depth + 1);
      return;
    }
    if (typeof value === 'object') for (const item of Object.values(value)) this.learn(item, depth + 1);
  }

  /** `value` with every PoolRef in it replaced by an id. */
  resolve(value: unknown): unknown {
    if (value instanceof PoolRef) return this.pick(value);
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) Object.defineProperty(out, k, { value: this.resolve(v), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return value;
  }
}
