/** One user's join reply: a failure code, or the queue's meta (decoded once per batch) and the user's record value. */
export type JoinReply<M> = { readonly code: number } | { readonly meta: M; readonly value: string };

interface Pending<M> {
  readonly users: string[];
  readonly waiters: { resolve(reply: JoinReply<M>): void; reject(error: unknown): void }[];
}

/**
 * Coalesces the joins of one event that arrive in the same turn of the event loop into one
 * script call (up to `maxBatch` users each), so a hot on-sale costs one round trip per batch
 * rather than per user. Order is kept: users are numbered in the order `join` was called.
 */
export class JoinBatcher<M> {
  private pending = new Map<string, Pending<M>>();
  private scheduled = false;

  constructor(
    private readonly run: (eventId: string, users: readonly string[]) => Promise<unknown>,
    private readonly decodeMeta: (eventId: string, raw: unknown) => M,
    private readonly maxBatch: number,
  ) {}

  join(eventId: string, userId: string): Promise<JoinReply<M>> {
    return new Promise<JoinReply<M>>((resolve, reject) => {
      let batch = this.pending.get(eventId);
      if (!batch) {
        batch = { users: [], waiters: [] };
        this.pending.set(eventId, batch);
      }
      batch.users.push(userId);
      batch.waiters.push({ resolve, reject });
      if (batch.users.length >= this.maxBatch) {
        this.pending.delete(eventId);
        this.send(eventId, batch);
      } else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const batches = this.pending;
    this.pending = new Map();
    for (const [eventId, batch] of batches) this.send(eventId, batch);
  }

  private send(eventId: string, batch: Pending<M>): void {
    this.run(eventId, batch.users).then(
      (reply) => {
        if (typeof reply === 'number') {
          for (const w of batch.waiters) w.resolve({ code: reply });
          return;
        }
        const [raw, values] = reply as [unknown, (string | number)[]];
        let meta: M;
        try {
          meta = this.decodeMeta(eventId, raw);
        } catch (error) {
          for (const w of batch.waiters) w.reject(error);
          return;
        }
        batch.waiters.forEach((w, i) => {
          const v = values[i];
          w.resolve(typeof v === 'number' ? { code: v } : { meta, value: String(v) });
        });
      },
      (error: unknown) => {
        for (const w of batch.waiters) w.reject(error);
      },
    );
  }
}
