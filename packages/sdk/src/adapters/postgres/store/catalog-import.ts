import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Performer, Venue } from '../../../domain/types.js';
import type { CatalogBatch } from '../../../ports/store.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { eventValues } from './catalog.js';

/** Bulk catalog import (`Store.importCatalog`): what seeding a large catalog uses. */
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

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
