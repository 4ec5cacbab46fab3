import { sql } from 'kysely';
import type { Kysely, Selectable } from 'kysely';
import type { SnapshotSeat } from '../../../domain/best-available.js';
import { notFound } from '../../../domain/errors.js';
import type { Event, Performer, Ticket, Venue } from '../../../domain/types.js';
import type { ListEventsOptions } from '../../../ports/store.js';
import type { BoxOfficeDatabase, EventsTable } from '../schema/db-types.js';
import { eventFromRow, performerFromRow, ticketFromRow, toNumber, venueFromRow } from '../schema/rows.js';

/** Catalog reads and writes: performers, venues, events, and reads of tickets. */
type Db = Kysely<BoxOfficeDatabase>;

export const TICKET_COLUMNS = [
  'id',
  'event_id',
  'section',
  'row',
  'seat',
  'x',
  'y',
  'tier',
  'price',
  'currency',
  'status',
  'hold_id',
  'reserved_until',
  'booking_id',
  'version',
] as const;

export async function createPerformer(db: Db, p: Performer): Promise<void> {
  await db
    .insertInto('performers')
    .values({ id: p.id, name: p.name, description: p.description, genre: p.genre })
    .execute();
}

export async function createVenue(db: Db, v: Venue): Promise<void> {
  await db
    .insertInto('venues')
    .values({
      id: v.id,
      name: v.name,
      address: v.address,
      city: v.city,
      country: v.country,
      lat: v.lat,
      lon: v.lon,
      capacity: v.capacity,
      seat_map: JSON.stringify(v.seatMap),
    })
    .execute();
}

/** The event's columns, for insert and update. */
export function eventValues(e: Event) {
  return {
    title: e.title,
    description: e.description,
    type: e.type,
    status: e.status,
    starts_at: e.startsAt,
    ends_at: e.endsAt,
    on_sale_at: e.onSaleAt,
    sales_end_at: e.salesEndAt,
    refund_deadline_at: e.refundDeadlineAt,
    venue_id: e.venueId,
    performer_ids: [...e.performerIds],
    popularity: e.popularity,
    currency: e.currency,
    prices: JSON.stringify(e.prices),
    hold_ttl_seconds: e.holdTtlSeconds,
    max_tickets_per_user: e.maxTicketsPerUser,
    created_at: e.createdAt,
    updated_at: e.updatedAt,
  };
}

/**
 * Updates the event's own fields. Its tickets keep their prices and currency: repricing
 * issued tickets is not an update of the event.
 */
export async function updateEvent(db: Db, e: Event): Promise<void> {
  const result = await db.updateTable('events').set(eventValues(e)).where('id', '=', e.id).executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound('event', e.id);
}

/** In the order asked for; unknown ids are left out. */
export async function getPerformers(db: Db, ids: readonly string[]): Promise<Performer[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('performers').selectAll().where('id', '=', sql<string>`any(${[...ids]}::text[])`).execute();
  const byId = new Map(rows.map((r) => [r.id, performerFromRow(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export async function getVenue(db: Db, id: string): Promise<Venue | null> {
  const row = await db.selectFrom('venues').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? venueFromRow(row) : null;
}

export async function getEvent(db: Db, id: string): Promise<Event | null> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? eventFromRow(row) : null;
}

/** Event rows by id, in one query (for the store's coalesced event reads). */
export async function getEventRows(db: Db, ids: readonly string[]): Promise<Map<string, Selectable<EventsTable>>> {
  const rows = await db.selectFrom('events').selectAll().where('id', '=', sql<string>`ANY (${[...ids]}::text[])`).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Soonest first (then by id). */
export async function listEvents(db: Db, options: ListEventsOptions): Promise<Event[]> {
  let query = db.selectFrom('events').selectAll();
  if (options.endedAfter !== undefined) query = query.where('ends_at', '>=', new Date(options.endedAfter).toISOString());
  const rows = await query
    .orderBy('starts_at')
    .orderBy('id')
    .limit(options.limit)
    .offset(options.offset)
    .execute();
  return rows.map(eventFromRow);
}

export async function countEvents(db: Db, options: Pick<ListEventsOptions, 'endedAfter'>): Promise<number> {
  let query = db.selectFrom('events').select((eb) => eb.fn.countAll<string>().as('n'));
  if (options.endedAfter !== undefined) query = query.where('ends_at', '>=', new Date(options.endedAfter).toISOString());
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Id order after `after`, walking the primary key (the database's collation, as the index is built). */
export async function listEventsById(db: Db, options: { after: string | null; limit: number }): Promise<Event[]> {
  let query = db.selectFrom('events').selectAll().orderBy('id').limit(options.limit);
  if (options.after !== null) query = query.where('id', '>', options.after);
  return (await query.execute()).map(eventFromRow);
}

/** In venue layout order. */
export async function getTickets(db: Db, eventId: string): Promise<Ticket[]> {
  const rows = await db
    .selectFrom('tickets')
    .select(TICKET_COLUMNS)
    .where('event_id', '=', eventId)
    .orderBy('ordinal')
    .execute();
  return rows.map(ticketFromRow);
}

/** In the order asked for; unknown ids are left out. */
export async function getTicketsByIds(db: Db, ids: readonly string[]): Promise<Ticket[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('tickets')
    .select(TICKET_COLUMNS)
    .where('id', '=', sql<string>`any(${[...ids]}::text[])`)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, ticketFromRow(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

interface SnapshotRow {
  id: string;
  section: string;
  row: string | null;
  seat: number | null;
  price: string | number | bigint;
  available: boolean;
}

/** Availability with expiry applied by the store's clock, read once for the whole query. */
export async function getSnapshot(db: Db, eventId: string): Promise<SnapshotSeat[]> {
  const { rows } = await sql<SnapshotRow>`
    SELECT t.id, t.section, t."row", t.seat, t.price,
           (t.status = 'AVAILABLE' OR (t.status = 'RESERVED' AND t.reserved_until <= c.now)) AS available
      FROM tickets t, (SELECT bo_now() AS now) c
     WHERE t.event_id = ${eventId}
     ORDER BY t.ordinal`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    section: r.section,
    row: r.row,
    seat: r.seat,
    price: toNumber(r.price),
    available: r.available,
  }));
}
