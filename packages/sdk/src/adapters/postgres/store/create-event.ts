import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { invalid } from '../../../domain/errors.js';
import type { Place } from '../../../domain/seat-map.js';
import type { NewEvent } from '../../../ports/store.js';
import { eventValues } from './catalog.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';

/** Rows per INSERT: one statement per chunk, the columns sent as arrays and unnested. */
const CHUNK = 10_000;

/** Column arrays of one chunk of tickets. */
class TicketColumns {
  ids: string[] = [];
  ordinals: number[] = [];
  sections: string[] = [];
  rows: (string | null)[] = [];
  seats: (number | null)[] = [];
  xs: number[] = [];
  ys: number[] = [];
  tiers: string[] = [];
  prices: number[] = [];

  get length(): number {
    return this.ids.length;
  }

  push(id: string, ordinal: number, place: Place, price: number): void {
    this.ids.push(id);
    this.ordinals.push(ordinal);
    this.sections.push(place.section);
    this.rows.push(place.row);
    this.seats.push(place.seat);
    this.xs.push(place.x);
    this.ys.push(place.y);
    this.tiers.push(place.tier);
    this.prices.push(price);
  }
}

/**
 * The event and all its tickets in one transaction. 50,000 tickets are five INSERT statements;
 * nothing is written if any place has no price for its tier.
 */
export async function createEvent(db: Kysely<BoxOfficeDatabase>, input: NewEvent): Promise<number> {
  const { event, ticketIdPrefix } = input;
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('events')
      .values({ id: event.id, ...eventValues(event) })
      .execute();

    let count = 0;
    let chunk = new TicketColumns();
    const flush = async (): Promise<void> => {
      if (chunk.length === 0) return;
      const c = chunk;
      chunk = new TicketColumns();
      await sql`
        INSERT INTO tickets (id, event_id, ordinal, section, "row", seat, x, y, tier, price, currency, status)
        SELECT u.id, ${event.id}, u.ordinal, u.section, u.row_label, u.seat, u.x, u.y, u.tier, u.price,
               ${event.currency}, 'AVAILABLE'
          FROM unnest(${c.ids}::text[], ${c.ordinals}::int4[], ${c.sections}::text[], ${c.rows}::text[],
                      ${c.seats}::int4[], ${c.xs}::float8[], ${c.ys}::float8[], ${c.tiers}::text[],
                      ${c.prices}::int8[])
            AS u(id, ordinal, section, row_label, seat, x, y, tier, price)`.execute(trx);
    };

    for (const place of input.places) {
      const price = event.prices[place.tier];
      if (price === undefined) throw invalid(`prices.${place.tier}`, `event ${event.id} has no price for tier ${place.tier}`);
      chunk.push(`${ticketIdPrefix}${count}`, count, place, price);
      count++;
      if (chunk.length >= CHUNK) await flush();
    }
    await flush();
    return count;
  });
}
