/**
 * `WS /events/:eventId/live`: a snapshot, then diffs each numbered one more than the last.
 * A gap (a lost message) asks for a fresh snapshot; a dropped socket reconnects with backoff,
 * and the snapshot it opens with heals whatever was missed meanwhile.
 */

export interface LiveHandlers {
  snapshot(statuses: string): void;
  change(ticketId: string, letter: string): void;
  /** The diff's changes were applied (redraw once per message, not per seat). */
  changed(): void;
  connection(state: 'live' | 'reconnecting'): void;
}

type Message =
  | { type: 'snapshot'; seq: number; statuses: string }
  | { type: 'diff'; seq: number; changes: [string, string][] };

export class LiveAvailability {
  private socket: WebSocket | undefined;
  private lastSeq: number | undefined;
  private retryMs = 500;
  private stopped = false;
  /** Gaps seen (exposed for the page's status line and tests). */
  gaps = 0;

  constructor(
    private readonly eventId: string,
    private readonly handlers: LiveHandlers,
  ) {
    this.open();
  }

  private open(): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/events/${encodeURIComponent(this.eventId)}/live`);
    this.socket = socket;
    this.lastSeq = undefined;
    socket.addEventListener('message', (e) => this.onMessage(String(e.data)));
    socket.addEventListener('open', () => {
      this.retryMs = 500;
    });
    socket.addEventListener('close', () => {
      if (this.stopped) return;
      this.handlers.connection('reconnecting');
      setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10_000);
    });
  }

  private onMessage(data: string): void {
    let message: Message;
    try {
      message = JSON.parse(data) as Message;
    } catch {
      return;
    }
    if (message.type === 'snapshot') {
      this.lastSeq = message.seq;
      this.handlers.snapshot(message.statuses);
      this.handlers.connection('live');
      return;
    }
    if (message.type !== 'diff') return;
    if (this.lastSeq === undefined) return; // a diff before the snapshot: the snapshot will cover it
    if (message.seq !== this.lastSeq + 1) {
      // Something was lost: what we show may be wrong. Re-fetch the whole availability.
      this.gaps += 1;
      this.lastSeq = undefined;
      this.socket?.send(JSON.stringify({ type: 'snapshot' }));
      return;
    }
    this.lastSeq = message.seq;
    for (const [id, letter] of message.changes) this.handlers.change(id, letter);
    this.handlers.changed();
  }

  close(): void {
    this.stopped = true;
    this.socket?.close(1000, 'page closed');
  }
}
