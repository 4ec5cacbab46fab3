import type { AuditReport, Booking, Event, EventView, Ticket } from '@boxoffice/sdk';
import { println, type Io } from '../io.js';
import { styleFor } from './colour.js';
import { formatWhen, money, plural, seatLabel, seatList, tierPrices } from './format.js';
import { countStatuses } from './seat-map.js';
import { printFields } from './table.js';

/** A booking as `--json` prints it: the booking and its seats. */
export interface BookingJson extends Booking {
  readonly seats: { ticketId: string; section: string; row: string | null; seat: number | null; label: string; price: number }[];
}

export function bookingJson(booking: Booking, tickets: readonly Ticket[]): BookingJson {
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const seats = booking.ticketIds.flatMap((id) => {
    const t = byId.get(id);
    return t ? [{ ticketId: id, section: t.section, row: t.row, seat: t.seat, label: seatLabel(t), price: t.price }] : [];
  });
  return { ...booking, seats };
}

export function printEventDetails(io: Io, view: EventView): void {
  const counts = countStatuses(view.tickets);
  printFields(io, [
    ['Event', view.id],
    ['Title', view.title],
    ['Type', view.type],
    ['Status', view.status],
    ['Starts', formatWhen(view.startsAt)],
    ['On sale', formatWhen(view.onSaleAt)],
    ['Venue', `${view.venue.name}, ${view.venue.city} ${view.venue.country}`],
    ['Performers', view.performers.map((p) => p.name).join(', ') || '-'],
    ['Prices', tierPrices(view.prices, view.currency)],
    ['Tickets', `${counts.AVAILABLE} available, ${counts.RESERVED} reserved, ${counts.SOLD} sold (of ${counts.total})`],
    ['Holds last', plural(Math.round(view.holdTtlSeconds / 60), 'minute')],
    ['Per user', view.maxTicketsPerUser === null ? 'no limit' : `at most ${plural(view.maxTicketsPerUser, 'ticket')}`],
  ]);
}

export function printBooking(io: Io, booking: Booking, tickets: readonly Ticket[], event?: Pick<Event, 'title' | 'startsAt'>): void {
  const byId = new Map(tickets.map((t) => [t.id, t]));
  const mine = booking.ticketIds.flatMap((id) => byId.get(id) ?? []);
  const style = styleFor(io);
  const status = booking.status === 'CONFIRMED' ? style.green(booking.status) : style.yellow(booking.status);
  printFields(io, [
    ['Booking', booking.id],
    ['Status', status],
    ['Event', booking.eventId],
    ...(event ? ([['Show', `${event.title}, ${formatWhen(event.startsAt)}`]] as const) : []),
    ['User', booking.userId],
    ['Seats', mine.length === booking.ticketIds.length ? seatList(mine) : booking.ticketIds.join(', ')],
    ['Total', money(booking.total, booking.currency)],
    ['Payment', booking.paymentId],
    ['Booked', formatWhen(booking.createdAt)],
    ...(booking.status === 'CANCELLED' ? ([['Cancelled', formatWhen(booking.updatedAt)]] as const) : []),
  ]);
}

const AUDIT_CHECKS = [
  ['oversoldTickets', 'tickets sold more than once'],
  ['soldWithoutBooking', 'SOLD tickets without a booking'],
  ['bookingsMissingTickets', 'confirmed bookings missing tickets'],
  ['capturesWithoutBooking', 'captured payments without one booking'],
  ['bookingsWithoutPayment', 'confirmed bookings without payment'],
] as const;

export function printAudit(io: Io, report: AuditReport, scope: string): void {
  const style = styleFor(io);
  printFields(io, [
    ['Scope', scope],
    ['Checked', `${plural(report.ticketsChecked, 'ticket')}, ${plural(report.bookingsChecked, 'booking')}, ${plural(report.paymentsChecked, 'payment')}`],
    ...AUDIT_CHECKS.map(([key, label]) => {
      const found = report[key];
      const value = found.length === 0 ? style.green('0') : style.red(`${found.length}: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ', ...' : ''}`);
      return [label, value] as const;
    }),
    ['Result', report.ok ? style.green('ok: no oversold seat, no lost booking, no stray payment') : style.red('FAILED')],
  ]);
}

/** One line for narratives (demo): `Audit ok: 516 tickets, 4 bookings, 4 payments; ...`. */
export function auditLine(report: AuditReport): string {
  const checked = `${plural(report.ticketsChecked, 'ticket')}, ${plural(report.bookingsChecked, 'booking')}, ${plural(report.paymentsChecked, 'payment')}`;
  return report.ok ? `Audit ok: ${checked}; nothing oversold, nothing lost.` : `Audit FAILED: ${checked}; see boxoffice inventory audit.`;
}

export function printLines(io: Io, lines: readonly string[]): void {
  for (const line of lines) println(io.stdout, line);
}
