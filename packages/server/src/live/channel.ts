import { STATUS_LETTER, STATUS_OF_LETTER, type LiveDiffMessage, type LiveSnapshotMessage, type Ticket, type TicketChange } from '@boxoffice/sdk';
import type { WebSocket } from 'ws';

/**
 * One event's live seat map in this process: the current status of every ticket, the changes
 * not yet pushed, and the sockets watching. Changes arriving while the first snapshot loads
 * are buffered and replayed over it, so none is lost between the read and the subscription.
 */
export class LiveChannel {
  readonly clients = new Set<WebSocket>();
  seq = 0;
  /** When the last diff was taken (performance.now(); -Infinity: never), for the flush interval. */
  lastDiffAt = Number.NEGATIVE_INFINITY;
  private ids: string[] = [];
  private readonly position = new Map<string, number>();
  private statuses: string[] = [];
  private readonly pending = new Map<string, string>();
  private buffered: TicketChange[] | null = [];
  /** Tickets changed by the bus while a resync read was in flight: the read may be older. */
  private touchedDuringResync: Set<string> | null = null;
  /** The serialized snapshot, shared by every join and request until a status or the sequence changes. */
  private serialized: Buffer | null = null;

  constructor(readonly eventId: string) {}

  /** Installs the first snapshot (tickets in layout order) and replays what arrived meanwhile. */
  init(ordered: readonly Pick<Ticket, 'id' | 'status'>[]): void {
    this.ids = ordered.map((t) => t.id);
    this.ids.forEach((id, i) => this.position.set(id, i));
    this.statuses = ordered.map((t) => STATUS_LETTER[t.status]);
    const replay = this.buffered ?? [];
    this.buffered = null;
    this.apply(replay);
    this.pending.clear();
    this.serialized = null;
  }

  get ready(): boolean {
    return this.buffered === null;
  }

  /** Changes wait to be sent (only once the first snapshot is in). */
  get hasPending(): boolean {
    return this.pending.size > 0 && this.ready;
  }

  apply(changes: readonly TicketChange[]): void {
    if (this.buffered !== null) {
      this.buffered.push(...changes);
      return;
    }
    for (const change of changes) {
      const i = this.position.get(change.ticketId);
      if (i === undefined) continue;
      this.touchedDuringResync?.add(change.ticketId);
      const letter = STATUS_LETTER[change.status];
      if (this.statuses[i] === letter) continue;
      this.statuses[i] = letter;
      this.serialized = null;
      this.pending.set(change.ticketId, letter);
    }
  }

  /** Marks the start of a resync read; `finishResync` then skips tickets the bus changed meanwhile. */
  beginResync(): void {
    this.touchedDuringResync = new Set();
  }

  finishResync(tickets: readonly Pick<Ticket, 'id' | 'status'>[]): void {
    const touched = this.touchedDuringResync ?? new Set<string>();
    this.touchedDuringResync = null;
    if (!this.ready) return;
    for (const t of tickets) {
      const i = this.position.get(t.id);
      if (i === undefined || touched.has(t.id)) continue;
      const letter = STATUS_LETTER[t.status];
      if (this.statuses[i] === letter) continue;
      this.statuses[i] = letter;
      this.serialized = null;
      this.pending.set(t.id, letter);
    }
  }

  snapshot(): LiveSnapshotMessage {
    return { type: 'snapshot', eventId: this.eventId, seq: this.seq, count: this.ids.length, statuses: this.statuses.join(''), legend: STATUS_OF_LETTER };
  }

  /** The snapshot as one encoded frame, rendered once per state (a stadium's is ~50 KB). */
  snapshotMessage(): Buffer {
    this.serialized ??= Buffer.from(JSON.stringify(this.snapshot()));
    return this.serialized;
  }

  /** The coalesced diff since the last one (and advances the sequence), or null when nothing changed. */
  takeDiff(now: number): LiveDiffMessage | null {
    if (!this.hasPending) return null;
    this.lastDiffAt = now;
    this.seq += 1;
    this.serialized = null;
    const changes = [...this.pending].map(([id, letter]) => [id, letter] as const);
    this.pending.clear();
    return { type: 'diff', eventId: this.eventId, seq: this.seq, changes };
  }
}
