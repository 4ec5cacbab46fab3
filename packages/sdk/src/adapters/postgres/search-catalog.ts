import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Performer, Venue } from '../../domain/types.js';
import type { AvailabilitySummary, CatalogBatch } from '../../ports/store.js';
import { eventValues } from './catalog.js';
import type { BoxOfficeDatabase } from './db-types.js';
import { toNumber } from './rows.js';

/** The store methods search and seeding use: bulk import, catalog version, availability summary. */
type Db = Kysely<BoxOfficeDatabase>;

/**
 * One transaction: performers and venues as multi-row inserts, events as one multi-row insert
 * (one trigger run indexes them all for search), then each event's tickets.
 */
export async function importCatalog(db: Db, batch: CatalogBatch): Promise<number> {
  return db.transaction().execute(async (trx) => {
    for (const chunk of chunks(batch.performers ?? [], 2000)) {
      await trx.insertInto('performers').values(chunk.map((p: Performer) => ({ id: p.id, name: p.name, description: p.description, genre: p.genre }))).execute();
    }
    for (const chunk of chunks(batch.venues ?? [], 1000)) {
      await trx
        .insertInto('venues')
        .values(
          chunk.map((v: Venue) => ({
            id: v.id, name: v.name, address: v.address, city: v.city, country: v.country, lat: v.lat, lon: v.lon,
            capacity: v.capacity, seat_map: JSON.stringify(v.seatMap),
          })),
        )
        .execute();
    }
    const events = batch.events ?? [];
    for (const chunk of chunks(events, 1000)) {
      await trx.insertInto('events').values(chunk.map((n) => ({ id: n.event.id, ...eventValues(n.event) }))).execute();
    }
    return insertTickets(trx, events);
  });
}

/** Column arrays of a chunk of tickets across events, sent as one INSERT ... SELECT unnest(...). */
class TicketChunk {
  readonly cols = { id: [] as string[], event: [] as string[], ordinal: [] as number[], section: [] as string[], row: [] as (string | null)[], seat: [] as (number | null)[], x: [] as number[], y: [] as number[], tier: [] as string[], price: [] as number[], currency: [] as string[] };

  get length(): number {
    return this.cols.id.length;
  }
}

const TICKETS_PER_STATEMENT = 10_000;

async function insertTickets(trx: Db, events: NonNullable<CatalogBatch['events']>): Promise<number> {
  let total = 0;
  let chunk = new TicketChunk();
  const flush = async () => {
    const c = chunk.cols;
    chunk = new TicketChunk();
    if (c.id.length === 0) return;
    await sql`
      INSERT INTO tickets (id, event_id, ordinal, section, "row", seat, x, y, tier, price, currency, status)
      SELECT u.id, u.event_id, u.ordinal, u.section, u.row_label, u.seat, u.x, u.y, u.tier, u.price, u.currency, 'AVAILABLE'
        FROM unnest(${c.id}::text[], ${c.event}::text[], ${c.ordinal}::int4[], ${c.section}::text[], ${c.row}::text[],
                    ${c.seat}::int4[], ${c.x}::float8[], ${c.y}::float8[], ${c.tier}::text[], ${c.price}::int8[], ${c.currency}::text[])
          AS u(id, event_id, ordinal, section, row_label, seat, x, y, tier, price, currency)`.execute(trx);
  };
  for (const { event, places, ticketIdPrefix } of events) {
    let ordinal = 0;
    for (const place of places) {
      const price = event.prices[place.tier];
      if (price === undefined) throw new Error(`event ${event.id} has no price for tier ${place.tier}`);
      const c = chunk.cols;
      c.id.push(`${ticketIdPrefix}${ordinal}`);
      c.event.push(event.id);
      c.ordinal.push(ordinal++);
      c.section.push(place.section);
      c.row.push(place.row);
      c.seat.push(place.seat);
      c.x.push(place.x);
      c.y.push(place.y);
      c.tier.push(place.tier);
      c.price.push(price);
      c.currency.push(event.currency);
      if (chunk.length >= TICKETS_PER_STATEMENT) await flush();
    }
    total += ordinal;
  }
  await flush();
  return total;
}

export async function catalogVersion(db: Db): Promise<number> {
  const { rows } = await sql<{ version: string | number }>`SELECT version FROM bo_catalog_version`.execute(db);
  return toNumber(rows[0]?.version ?? 0);
}

interface SummaryRow {
  event_id: string;
  available: number;
  min_price: string | number | null;
}

/**
 * Availability per event with expiry applied by the store's clock (events without tickets
 * omitted). Named events are read one by one on the (event_id, ordinal) index: an `= ANY(...)`
 * over the tickets table was planned as a sequential scan of every ticket when the table's
 * statistics were missing (PGlite has no autovacuum): 8.6 s for 250 events of 10 M tickets.
 */
export async function summarizeAvailability(db: Db, eventIds?: readonly string[]): Promise<AvailabilitySummary[]> {
  const ok = sql`(t.status = 'AVAILABLE' OR (t.status = 'RESERVED' AND t.reserved_until <= c.now))`;
  const { rows } =
    eventIds === undefined
      ? await sql<SummaryRow>`
          SELECT t.event_id, count(*) FILTER (WHERE ${ok})::int AS available, min(t.price) FILTER (WHERE ${ok}) AS min_price
            FROM tickets t CROSS JOIN (SELECT bo_now() AS now) c
           GROUP BY t.event_id`.execute(db)
      : await sql<SummaryRow>`
          SELECT e.id AS event_id, a.available, a.min_price
            FROM unnest(${[...eventIds]}::text[]) AS e(id)
            CROSS JOIN (SELECT bo_now() AS now) c
            CROSS JOIN LATERAL (
              SELECT count(*) FILTER (WHERE ${ok})::int AS available, min(t.price) FILTER (WHERE ${ok}) AS min_price, count(*) AS tickets
                FROM tickets t WHERE t.event_id = e.id) a
           WHERE a.tickets > 0`.execute(db);
  return rows.map((r) => ({ eventId: r.event_id, available: r.available, minPrice: r.min_price === null ? null : toNumber(r.min_price) }));
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
