import { BoxOfficeError, invalid } from './errors.js';
import type { Event } from './types.js';

/**
 * When an event sells and when its buyers may still cancel for a refund: pure rules over the
 * event and a time. Callers pass the STORE's clock (the DESIGN: expiry and windows use the
 * store's time, never a client's), so every process and every surface decides alike.
 */

/** Why an event is not selling at `now`, naming the event field that decides it. */
export type SalesBlock =
  | { readonly rule: 'status'; readonly status: Event['status'] }
  | { readonly rule: 'onSaleAt'; readonly onSaleAt: string }
  | { readonly rule: 'salesEndAt'; readonly salesEndAt: string };

/**
 * Null when holds, confirms and bookings are allowed at `now`: the event is SCHEDULED and
 * `onSaleAt <= now < salesEndAt`. Otherwise the first reason it is not.
 */
export function salesBlockAt(event: Pick<Event, 'status' | 'onSaleAt' | 'salesEndAt'>, now: number): SalesBlock | null {
  if (event.status !== 'SCHEDULED') return { rule: 'status', status: event.status };
  if (Date.parse(event.onSaleAt) > now) return { rule: 'onSaleAt', onSaleAt: event.onSaleAt };
  if (Date.parse(event.salesEndAt) <= now) return { rule: 'salesEndAt', salesEndAt: event.salesEndAt };
  return null;
}

/** The EVENT_NOT_ON_SALE error for a block; `field` is the caller's input that led to the event. */
export function notOnSale(eventId: string, block: SalesBlock, field: 'eventId' | 'holdId'): BoxOfficeError {
  const message =
    block.rule === 'status'
      ? `event ${eventId} is ${block.status.toLowerCase()}`
      : block.rule === 'onSaleAt'
        ? `event ${eventId} goes on sale at ${block.onSaleAt}`
        : `event ${eventId} stopped selling at ${block.salesEndAt}`;
  return new BoxOfficeError('EVENT_NOT_ON_SALE', message, { field, details: { ...block } });
}

/** Throws EVENT_NOT_ON_SALE unless the event sells at `now`. */
export function assertOnSale(event: Pick<Event, 'id' | 'status' | 'onSaleAt' | 'salesEndAt'>, now: number, field: 'eventId' | 'holdId' = 'eventId'): void {
  const block = salesBlockAt(event, now);
  if (block) throw notOnSale(event.id, block, field);
}

/** Whether a user (not an operator) may still cancel a booking of this event for a refund. */
export function refundOpenAt(event: Pick<Event, 'refundDeadlineAt'>, now: number): boolean {
  return now < Date.parse(event.refundDeadlineAt);
}

/**
 * The window fields of an event once defaults are resolved, checked together (creation and
 * every patch): onSaleAt <= salesEndAt <= endsAt and refundDeadlineAt <= endsAt. Throws a
 * VALIDATION error naming the field at fault.
 */
export function checkEventWindows(e: Pick<Event, 'startsAt' | 'endsAt' | 'onSaleAt' | 'salesEndAt' | 'refundDeadlineAt'>): void {
  const t = (s: string) => Date.parse(s);
  if (t(e.salesEndAt) < t(e.onSaleAt)) throw invalid('salesEndAt', `must not be before onSaleAt (${e.onSaleAt})`);
  if (t(e.salesEndAt) > t(e.endsAt)) throw invalid('salesEndAt', `must not be after endsAt (${e.endsAt})`);
  if (t(e.refundDeadlineAt) > t(e.endsAt)) throw invalid('refundDeadlineAt', `must not be after endsAt (${e.endsAt})`);
}
