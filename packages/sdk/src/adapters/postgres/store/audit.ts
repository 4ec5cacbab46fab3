import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { AuditReport } from '../../../domain/types.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';

/**
 * The promise checked in one SQL statement, with the same rules as `auditRecords` in
 * domain/audit.ts (so a 50,000-seat event is not shipped to JS to be checked). Scoped to
 * one event, payments are those of the event's holds.
 */
interface AuditRow {
  tickets_checked: number;
  bookings_checked: number;
  payments_checked: number;
  oversold: string[];
  sold_without_booking: string[];
  bookings_missing_tickets: string[];
  captures_without_booking: string[];
  bookings_without_payment: string[];
}

export async function audit(db: Kysely<BoxOfficeDatabase>, eventId?: string): Promise<AuditReport> {
  const ticketScope = eventId === undefined ? sql`true` : sql`event_id = ${eventId}`;
  const bookingScope = eventId === undefined ? sql`true` : sql`event_id = ${eventId}`;
  const paymentScope =
    eventId === undefined
      ? sql`true`
      : sql`EXISTS (SELECT 1 FROM holds h WHERE h.id = p.hold_id AND h.event_id = ${eventId})`;
  const { rows } = await sql<AuditRow>`
    WITH t AS MATERIALIZED (SELECT id, status, booking_id FROM tickets WHERE ${ticketScope}),
         b AS MATERIALIZED (SELECT id, status, ticket_ids, payment_id FROM bookings WHERE ${bookingScope}),
         p AS MATERIALIZED (SELECT p.id, p.status, p.booking_id FROM payments p WHERE ${paymentScope}),
         claims AS MATERIALIZED (
           SELECT u.tid, count(*) AS n
             FROM b, unnest(b.ticket_ids) AS u(tid)
            WHERE b.status = 'CONFIRMED'
            GROUP BY u.tid),
         per_payment AS (
           SELECT payment_id, count(*) AS n FROM b WHERE status = 'CONFIRMED' GROUP BY payment_id)
    SELECT
      (SELECT count(*) FROM t)::int4 AS tickets_checked,
      (SELECT count(*) FROM b)::int4 AS bookings_checked,
      (SELECT count(*) FROM p)::int4 AS payments_checked,
      (SELECT coalesce(array_agg(tid ORDER BY tid), '{}'::text[]) FROM claims WHERE n > 1) AS oversold,
      (SELECT coalesce(array_agg(t.id ORDER BY t.id), '{}'::text[])
         FROM t LEFT JOIN claims c ON c.tid = t.id
        WHERE t.status = 'SOLD' AND c.tid IS NULL) AS sold_without_booking,
      (SELECT coalesce(array_agg(b.id ORDER BY b.id), '{}'::text[])
         FROM b
        WHERE b.status = 'CONFIRMED'
          AND EXISTS (
            SELECT 1 FROM unnest(b.ticket_ids) AS u(tid) LEFT JOIN tickets tk ON tk.id = u.tid
             WHERE tk.id IS NULL OR tk.status <> 'SOLD' OR tk.booking_id IS DISTINCT FROM b.id)
      ) AS bookings_missing_tickets,
      (SELECT coalesce(array_agg(p.id ORDER BY p.id), '{}'::text[])
         FROM p LEFT JOIN per_payment pp ON pp.payment_id = p.id
        WHERE p.status = 'CAPTURED' AND coalesce(pp.n, 0) <> 1) AS captures_without_booking,
      (SELECT coalesce(array_agg(b.id ORDER BY b.id), '{}'::text[])
         FROM b
        WHERE b.status = 'CONFIRMED'
          AND NOT EXISTS (
            SELECT 1 FROM payments pm
             WHERE pm.id = b.payment_id AND pm.status IN ('AUTHORIZED', 'CAPTURED') AND pm.booking_id = b.id)
      ) AS bookings_without_payment`.execute(db);
  const r = rows[0];
  if (!r) throw new Error('audit query returned no row');
  const report = {
    ticketsChecked: r.tickets_checked,
    bookingsChecked: r.bookings_checked,
    paymentsChecked: r.payments_checked,
    oversoldTickets: r.oversold,
    soldWithoutBooking: r.sold_without_booking,
    bookingsMissingTickets: r.bookings_missing_tickets,
    capturesWithoutBooking: r.captures_without_booking,
    bookingsWithoutPayment: r.bookings_without_payment,
  };
  return {
    ...report,
    ok:
      report.oversoldTickets.length === 0 &&
      report.soldWithoutBooking.length === 0 &&
      report.bookingsMissingTickets.length === 0 &&
      report.capturesWithoutBooking.length === 0 &&
      report.bookingsWithoutPayment.length === 0,
  };
}
