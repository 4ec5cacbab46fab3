/**
 * What a process knows of whether an event's holds must pass its waiting queue, so a hold on an
 * event without a queue (most events) costs no queue round trip (Redis, with a shared queue).
 *
 * "No queue" is known for at most `ttlMs`, counted from when the read that saw it was *sent*.
 * A configure that turns a queue on waits `ttlMs` after its write before it returns (see
 * QueueService.configure), so once it has returned, any "no queue" still held anywhere came from
 * a read sent after the write, which saw the queue: no hold that starts after the operator was
 * told "enabled" skips the gate, in any process, whatever happens to the update channel. (Clock
 * rates, not offsets, matter: both sides measure durations on their own monotonic clock.)
 * "Queue on" is only a hint to skip straight to the full check, which reads the truth; it is
 * therefore never wrong for long in the unsafe direction, only ever stricter.
 */
export class QueueGateCache {
  private readonly known = new Map<string, { queued: boolean; until: number }>();
  /** When each event's settings last changed here: a read sent before that saw old settings. */
  private readonly changedAt = new Map<string, number>();

  constructor(
    readonly ttlMs: number,
    /** A monotonic clock in ms (default performance.now). */
    readonly clock: () => number = () => performance.now(),
    private readonly maxEntries = 10_000,
  ) {}

  /** 'off': certainly no enabled queue (read within ttlMs); 'on': probably one; undefined: unknown. */
  lookup(eventId: string): 'off' | 'on' | undefined {
    const entry = this.known.get(eventId);
    if (!entry) return undefined;
    if (this.clock() >= entry.until) {
      this.known.delete(eventId);
      return undefined;
    }
    return entry.queued ? 'on' : 'off';
  }

  /** Records what a read sent at `sentAt` (this clock) saw, unless the settings changed since it was sent. */
  record(eventId: string, queued: boolean, sentAt: number): void {
    const changed = this.changedAt.get(eventId);
    if (changed !== undefined) {
      if (sentAt <= changed) return;
      if (sentAt - changed > this.ttlMs) this.changedAt.delete(eventId);
    }
    if (this.known.size >= this.maxEntries && !this.known.has(eventId)) this.known.clear();
    this.known.set(eventId, { queued, until: sentAt + this.ttlMs });
  }

  /** The queue's settings changed (here, or announced by another process): ask again. */
  forget(eventId: string): void {
    this.known.delete(eventId);
    if (this.changedAt.size >= this.maxEntries) this.changedAt.clear();
    this.changedAt.set(eventId, this.clock());
  }
}
