/**
 * `WS /events/:eventId/live`: the server sends a snapshot, then diffs numbered one more than
 * the message before. A client that sees a gap asks for a snapshot and ignores diffs until it
 * comes. `LiveSequence` is that rule, shared by the remote client and the web pages.
 */

/** What a client receives first: every ticket's status letter in the layout's order. */
export interface LiveSnapshotMessage {
  readonly type: 'snapshot';
  readonly eventId: string;
  /** The sequence number of the last diff this snapshot includes; the next diff is seq + 1. */
  readonly seq: number;
  readonly count: number;
  /** One status letter per ticket, in the order of `GET /events/:id/layout`. */
  readonly statuses: string;
  readonly legend: Readonly<Record<string, string>>;
}

/** Then, at most every flush interval: the tickets whose status changed, as [ticketId, letter]. */
export interface LiveDiffMessage {
  readonly type: 'diff';
  readonly eventId: string;
  /** Exactly one more than the previous message's. */
  readonly seq: number;
  readonly changes: ReadonlyArray<readonly [string, string]>;
}

export type LiveServerMessage = LiveSnapshotMessage | LiveDiffMessage;

/** The one message a client sends: "send me a snapshot" (rate-limited per socket). */
export const SNAPSHOT_REQUEST = JSON.stringify({ type: 'snapshot' });

/** Close codes the server uses: shutting down, and a policy close (slow reader, flood, token expired). */
export const LIVE_CLOSE = { goingAway: 1001, policy: 1008 } as const;

/**
 * What to do with each message of the live seat map: `apply` a snapshot or the next diff,
 * `ignore` a stale or early diff, or `resync` (send SNAPSHOT_REQUEST) on a gap.
 */
export class LiveSequence {
  private lastSeq: number | undefined;

  /** How many gaps were seen (for status lines and tests). */
  gaps = 0;

  accept(message: { type?: unknown; seq?: unknown }): 'apply' | 'ignore' | 'resync' {
    if (typeof message.seq !== 'number') return 'ignore';
    if (message.type === 'snapshot') {
      this.lastSeq = message.seq;
      return 'apply';
    }
    if (message.type !== 'diff' || this.lastSeq === undefined) return 'ignore'; // before the snapshot: it will cover it
    if (message.seq <= this.lastSeq) return 'ignore';
    if (message.seq !== this.lastSeq + 1) {
      this.gaps += 1;
      this.lastSeq = undefined; // until the snapshot asked for arrives
      return 'resync';
    }
    this.lastSeq = message.seq;
    return 'apply';
  }

  /** A new connection starts over: it opens with a snapshot. */
  reset(): void {
    this.lastSeq = undefined;
  }
}
