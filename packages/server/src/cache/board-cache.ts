import type { QueueBoard } from '@boxoffice/sdk';
import { Rendered } from './rendered.js';

/** How long a process serves one read of an event's queue board: its Cache-Control max-age. */
export const BOARD_TTL_MS = 1000;
export const BOARD_CACHE_CONTROL = 'public, max-age=1';

/**
 * The queue board of each event, read once a second per process and shared by every request
 * meanwhile (the reads of one second wait for the same one). With a CDN in front the origin
 * sees one request a second per CDN location; without one, a million waiting users polling
 * still cost one queue read a second here, not a million.
 */
export class BoardCache {
  private readonly entries = new Map<string, { readonly at: number; readonly rendered: Promise<Rendered> }>();

  constructor(
    private readonly read: (eventId: string) => Promise<QueueBoard>,
    private readonly now: () => number = Date.now,
  ) {}

  get(eventId: string): Promise<Rendered> {
    const now = this.now();
    const entry = this.entries.get(eventId);
    if (entry && now - entry.at < BOARD_TTL_MS) return entry.rendered;
    const rendered = this.read(eventId).then((board) => Rendered.json(board));
    this.entries.set(eventId, { at: now, rendered });
    // A failed read (unknown event, Redis down) is not served to the next request.
    rendered.catch(() => {
      if (this.entries.get(eventId)?.rendered === rendered) this.entries.delete(eventId);
    });
    this.sweep(now);
    return rendered;
  }

  /** Drops entries past their second, so events nobody asks about any more do not pile up. */
  private sweep(now: number): void {
    if (this.entries.size < 1024) return;
    for (const [eventId, entry] of this.entries) if (now - entry.at >= BOARD_TTL_MS) this.entries.delete(eventId);
  }
}
