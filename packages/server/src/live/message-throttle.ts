export interface MessageThrottleOptions {
  /** Least time between two client messages a live socket answers (default 1000 ms: one snapshot a second). */
  messageIntervalMs?: number;
  /** Messages ignored (sent too soon) within 10 s before the socket is closed as abusive (default 10). */
  maxIgnoredMessages?: number;
}

/**
 * How a client message is treated: answered now; answered at the end of the interval, `waitMs`
 * from now (the first one too soon: a client that saw two gaps in a second still gets its
 * snapshot, or it would wait for one forever); ignored; or the socket is abusive.
 */
export type Verdict = { kind: 'answer' } | { kind: 'defer'; waitMs: number } | { kind: 'ignore' } | { kind: 'abuse' };

const STRIKE_WINDOW_MS = 10_000;

/**
 * One socket's client messages: each may cost the server a full snapshot (50 KB on a
 * stadium), so at most one is answered per interval, the rest are ignored, and a client
 * that keeps sending past that is closed with a policy violation. A well-behaved client asks
 * for a snapshot only after it saw a gap in the sequence: far below either bound.
 */
export class MessageThrottle {
  private lastAnsweredAt = Number.NEGATIVE_INFINITY;
  private deferred = false;
  private strikes = 0;
  private windowStart = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private readonly maxIgnored: number;

  constructor(options: MessageThrottleOptions = {}) {
    this.intervalMs = options.messageIntervalMs ?? 1000;
    this.maxIgnored = options.maxIgnoredMessages ?? 10;
  }

  /** Counts one message arriving at `now` (ms, monotonic). */
  take(now: number): Verdict {
    if (!this.deferred && now - this.lastAnsweredAt >= this.intervalMs) {
      this.lastAnsweredAt = now;
      return { kind: 'answer' };
    }
    if (!this.deferred) {
      this.deferred = true;
      return { kind: 'defer', waitMs: this.lastAnsweredAt + this.intervalMs - now };
    }
    if (now - this.windowStart >= STRIKE_WINDOW_MS) {
      this.windowStart = now;
      this.strikes = 0;
    }
    this.strikes += 1;
    return this.strikes > this.maxIgnored ? { kind: 'abuse' } : { kind: 'ignore' };
  }

  /** The deferred message was answered at `now`. */
  answeredDeferred(now: number): void {
    this.deferred = false;
    this.lastAnsweredAt = now;
  }
}
