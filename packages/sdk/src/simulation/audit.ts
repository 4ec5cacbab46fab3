import { never, retryShed } from './shed-retry.js';
import type { BoxOffice } from '../box-office.js';
import type { AuditReport, Booking, Ticket } from '../domain/types.js';
import type { RunLedger } from './ledger.js';

/** What the event looked like before the run, so the checks judge only the run's own sales. */
export interface RunBaseline {
  readonly soldTicketIds: ReadonlySet<string>;
}

export interface AuditCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** A few offending ids, when the check failed. */
  readonly examples: readonly string[];
}

/** The store's own audit of the event, plus the run's checks against what users were told. */
export interface SimulationAudit {
  readonly ok: boolean;
  readonly store: AuditReport;
  readonly checks: readonly AuditCheck[];
  /** From the final state: seats SOLD by this run, and the bookings they belong to. */
  readonly soldSeats: number;
  readonly bookings: number;
}

export function readBaseline(tickets: readonly Ticket[]): RunBaseline {
  return { soldTicketIds: new Set(tickets.filter((t) => t.status === 'SOLD').map((t) => t.id)) };
}

function check(name: string, bad: readonly string[], okDetail: string, badDetail: (n: number) => string): AuditCheck {
  return { name, ok: bad.length === 0, detail: bad.length === 0 ? okDetail : badDetail(bad.length), examples: bad.slice(0, 5) };
}

/**
 * Reads the final state back through the interface and checks it. The store's audit: no seat
 * sold twice, no SOLD seat outside a confirmed booking, every confirmed booking's seats SOLD to
 * it, every captured payment matched by exactly one confirmed booking, every confirmed booking
 * paid. Against the run's ledger (what users were told): seats SOLD by the run == seats in the
 * bookings users got; each of those bookings owns its seats; no seat was sold to a booking
 * nobody was told of; one booking per hold; no booking — so no capture — for an abandoned hold
 * or a hold left unpaid after a declined card.
 *
 * One `events.tickets` read, no full listing of bookings: only bookings nobody was told of (none,
 * when all is well) are fetched one by one.
 */
export async function auditRun(bo: BoxOffice, eventId: string, ledger: RunLedger, baseline: RunBaseline): Promise<SimulationAudit> {
  // Reads, safe to repeat: a server still shedding the run's last calls is asked again.
  const store = await retryShed(() => bo.operations.audit(eventId), never);
  const tickets = await retryShed(() => bo.events.tickets(eventId), never);
  const ticketById = new Map(tickets.map((t) => [t.id, t]));

  const seatsByBooking = new Map<string, number>();
  let soldSeats = 0;
  for (const t of tickets) {
    if (t.status !== 'SOLD' || baseline.soldTicketIds.has(t.id)) continue;
    soldSeats++;
    if (t.bookingId !== null) seatsByBooking.set(t.bookingId, (seatsByBooking.get(t.bookingId) ?? 0) + 1);
  }
  const given = [...ledger.bookings.values()];
  const seatsGiven = given.reduce((n, b) => n + b.ticketIds.length, 0);

  const incomplete = given
    .filter((b) => b.status !== 'CONFIRMED' || b.ticketIds.some((id) => ticketById.get(id)?.status !== 'SOLD' || ticketById.get(id)?.bookingId !== b.id))
    .map((b) => b.id);
  const untoldIds = [...seatsByBooking.keys()].filter((id) => !ledger.bookings.has(id));
  const untold: Booking[] = [];
  for (const id of untoldIds) untold.push(await bo.bookings.get(id).catch(() => ({ id, holdId: '' }) as Booking));

  const seenHolds = new Set<string>();
  const doubled = [...given, ...untold].filter((b) => (seenHolds.has(b.holdId) ? true : (seenHolds.add(b.holdId), false))).map((b) => b.id);
  const forbidden = [...given, ...untold].filter((b) => ledger.abandonedHolds.has(b.holdId) || ledger.unpaidHolds.has(b.holdId)).map((b) => b.id);

  const checks: AuditCheck[] = [
    {
      name: 'store audit',
      ok: store.ok,
      detail: store.ok
        ? `${store.ticketsChecked} tickets, ${store.bookingsChecked} bookings, ${store.paymentsChecked} payments: no oversold seat, no lost booking, no stray capture`
        : `oversold ${store.oversoldTickets.length}, sold without booking ${store.soldWithoutBooking.length}, bookings missing tickets ${store.bookingsMissingTickets.length}, captures without booking ${store.capturesWithoutBooking.length}, bookings without payment ${store.bookingsWithoutPayment.length}`,
      examples: [...store.oversoldTickets, ...store.soldWithoutBooking, ...store.bookingsMissingTickets, ...store.capturesWithoutBooking, ...store.bookingsWithoutPayment].slice(0, 5),
    },
    {
      name: 'seats sold = seats in the bookings users got',
      ok: soldSeats === seatsGiven,
      detail: `${soldSeats} seats SOLD by the run, ${seatsGiven} in ${given.length} bookings users got`,
      examples: [],
    },
    check('every booking users got owns its seats', incomplete, `${given.length} bookings, seats SOLD to each`, (n) => `${n} bookings without all their seats`),
    check('no seat sold to a booking nobody was told of', untoldIds, 'none', (n) => `${n} bookings nobody was told of`),
    check('one booking per hold', doubled, 'none doubled', (n) => `${n} holds with more than one booking`),
    check(
      'no sale (no capture) for an abandoned or declined-and-unpaid hold',
      forbidden,
      `${ledger.abandonedHolds.size} abandoned, ${ledger.unpaidHolds.size} unpaid holds: none sold`,
      (n) => `${n} bookings for holds that were never paid`,
    ),
  ];
  return { ok: checks.every((c) => c.ok), store, checks, soldSeats, bookings: seatsByBooking.size };
}
