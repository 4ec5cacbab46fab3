/**
 * `WS /events/:eventId/live`: a snapshot, then diffs each numbered one more than the last.
 * A gap (a lost message) asks for a fresh snapshot; a dropped socket reconnects with backoff,
 * and the snapshot it opens with heals whatever was missed meanwhile.
 */

import { LiveSequence, SNAPSHOT_REQUEST, type LiveServerMessage } from '@boxoffice/sdk/protocol';

export interface LiveHandlers {
  snapshot(statuses: string): void;
  change(ticketId: string, letter: string): void;
  /** The diff's changes were applied (redraw once per message, not per seat). */
  changed(): void;
  connection(state: 'live' | 'reconnecting'): void;
}

export class LiveAvailability {
  private socket: WebSocket | undefined;
  private readonly sequence = new LiveSequence();
  private retryMs = 500;
  private stopped = false;

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
    this.sequence.reset();
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

  /** Gaps seen (for the page's status line and tests). */
  get gaps(): number {
    return this.sequence.gaps;
  }

  private onMessage(data: string): void {
    let message: LiveServerMessage;
    try {
      message = JSON.parse(data) as LiveServerMessage;
    } catch {
      return;
    }
    const verdict = this.sequence.accept(message);
    // A gap: something was lost and what we show may be wrong. Ask for the whole availability.
    if (verdict === 'resync') this.socket?.send(SNAPSHOT_REQUEST);
    if (verdict !== 'apply') return;
    if (message.type === 'snapshot') {
      this.handlers.snapshot(message.statuses);
      this.handlers.connection('live');
      return;
    }
    for (const [id, letter] of message.changes) this.handlers.change(id, letter);
    this.handlers.changed();
  }

  close(): void {
    this.stopped = true;
    this.socket?.close(1000, 'page closed');
  }
}
