/**
 * The seat map's data: the compact layout (`GET /events/:id/layout`, columns in layout order)
 * and one status letter per seat, kept current by the live socket. Everything is indexed by
 * the seat's position in layout order, the order the availability string uses.
 */

import type { CompactLayout, StatusLetter } from '@boxoffice/sdk/protocol';

export type { CompactLayout, StatusLetter };

export const STATUS_WORD: Readonly<Record<StatusLetter, string>> = { A: 'available', R: 'reserved', S: 'sold' };

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export class SeatModel {
  readonly count: number;
  private readonly statuses: Uint8Array;
  private readonly indexById = new Map<string, number>();
  /** Seat indexes per section, in layout order. */
  readonly seatsBySection: number[][];
  readonly sectionBoxes: Box[];
  private readonly availableBySection: Int32Array;
  readonly tiers: string[];

  constructor(readonly layout: CompactLayout) {
    const t = layout.tickets;
    this.count = t.id.length;
    this.statuses = new Uint8Array(this.count).fill(83); // 'S' until the first snapshot says otherwise
    this.seatsBySection = layout.sections.map(() => []);
    this.sectionBoxes = layout.sections.map(() => ({ minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity }));
    this.availableBySection = new Int32Array(layout.sections.length);
    const tiers = new Set<string>();
    for (let i = 0; i < this.count; i++) {
      this.indexById.set(t.id[i]!, i);
      tiers.add(t.tier[i]!);
      const s = t.section[i]!;
      const box = this.sectionBoxes[s];
      if (!box) continue;
      this.seatsBySection[s]!.push(i);
      box.minX = Math.min(box.minX, t.x[i]!);
      box.minY = Math.min(box.minY, t.y[i]!);
      box.maxX = Math.max(box.maxX, t.x[i]!);
      box.maxY = Math.max(box.maxY, t.y[i]!);
    }
    this.tiers = [...tiers];
  }

  status(i: number): StatusLetter {
    return String.fromCharCode(this.statuses[i]!) as StatusLetter;
  }

  indexOf(ticketId: string): number | undefined {
    return this.indexById.get(ticketId);
  }

  /** A whole snapshot (`statuses` in layout order). Returns false when it does not fit the layout. */
  applySnapshot(statuses: string): boolean {
    if (statuses.length !== this.count) return false;
    this.availableBySection.fill(0);
    for (let i = 0; i < this.count; i++) {
      const c = statuses.charCodeAt(i);
      this.statuses[i] = c;
      if (c === 65) this.availableBySection[this.layout.tickets.section[i]!]! += 1;
    }
    return true;
  }

  /** One seat changed; returns its index when known and really changed. */
  applyChange(ticketId: string, letter: string): number | undefined {
    const i = this.indexById.get(ticketId);
    if (i === undefined || (letter !== 'A' && letter !== 'R' && letter !== 'S')) return undefined;
    const before = this.statuses[i]!;
    const after = letter.charCodeAt(0);
    if (before === after) return undefined;
    const s = this.layout.tickets.section[i]!;
    if (before === 65) this.availableBySection[s]! -= 1;
    if (after === 65) this.availableBySection[s]! += 1;
    this.statuses[i] = after;
    return i;
  }

  availableIn(section: number): number {
    return this.availableBySection[section] ?? 0;
  }

  /** Nothing available and nothing held that could come back. */
  soldOut(): boolean {
    if (this.availableTotal() > 0) return false; // the cheap answer first: it runs on every diff
    for (let i = 0; i < this.count; i++) if (this.statuses[i] !== 83) return false;
    return this.count > 0;
  }

  availableTotal(): number {
    let n = 0;
    for (const a of this.availableBySection) n += a;
    return n;
  }

  /** "Stalls A, row B, seat 4" (or "Standing, general admission"). */
  describe(i: number): string {
    const t = this.layout.tickets;
    const section = this.layout.sections[t.section[i]!]?.name ?? 'Unknown section';
    const row = t.row[i];
    const seat = t.seat[i];
    if (row === null || row === undefined) return `${section}, general admission`;
    return `${section}, row ${row}, seat ${seat ?? '?'}`;
  }

  price(i: number): number {
    return this.layout.tickets.price[i] ?? 0;
  }

  id(i: number): string {
    return this.layout.tickets.id[i]!;
  }
}
