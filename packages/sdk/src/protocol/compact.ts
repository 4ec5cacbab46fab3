import type { Section, TicketStatus } from '../domain/types.js';

/**
 * Compact views of a large event. The layout (what seats exist, where, at what price) changes
 * only with the catalog: fetch it once and cache it long. Availability changes all the time:
 * one letter per ticket, in the layout's order, so a 50,000-seat stadium is ~50 KB (a few KB
 * gzipped) instead of megabytes of ticket objects. The live socket speaks the same letters.
 */

/** A = available, R = reserved (held or blocked), S = sold. */
export type StatusLetter = 'A' | 'R' | 'S';
export const STATUS_LETTER: Readonly<Record<TicketStatus, StatusLetter>> = { AVAILABLE: 'A', RESERVED: 'R', SOLD: 'S' };
export const STATUS_OF_LETTER: Readonly<Record<StatusLetter, TicketStatus>> = { A: 'AVAILABLE', R: 'RESERVED', S: 'SOLD' };

/** `GET /events/:eventId/layout`. */
export interface CompactLayout {
  readonly eventId: string;
  readonly venueId: string;
  readonly currency: string;
  readonly count: number;
  readonly sections: readonly Section[];
  /** Columns, one entry per ticket, in layout order (section, row, seat, id). */
  readonly tickets: {
    readonly id: string[];
    /** Index into `sections`. */
    readonly section: number[];
    readonly row: (string | null)[];
    readonly seat: (number | null)[];
    readonly x: number[];
    readonly y: number[];
    readonly tier: string[];
    readonly price: number[];
  };
}

/** `GET /events/:eventId/availability`. */
export interface CompactAvailability {
  readonly eventId: string;
  readonly count: number;
  /** One status letter per ticket, in layout order. */
  readonly statuses: string;
  readonly legend: Readonly<Record<string, TicketStatus>>;
}
