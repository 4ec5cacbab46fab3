import { sql, type Kysely } from 'kysely';
import { BoxOfficeError } from '../../../domain/errors.js';
import { BLOCK_EXPIRES_AT, BLOCK_HOLDER, type SkippedTicket } from '../../../domain/inventory.js';
import type { InventoryWrite } from '../../../ports/store.js';
import type { BoxOfficeDatabase } from '../schema/db-types.js';
import { field } from '../schema/rows.js';

/** Inventory writes: one call of a migration-007 function each (migrations/007-inventory.ts). */
type Db = Kysely<BoxOfficeDatabase>;

export async function blockTickets(db: Db, req: { blockId: string; eventId: string; ticketIds: readonly string[] }): Promise<InventoryWrite> {
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    SELECT bo_block_tickets(${req.blockId}, ${req.eventId}, ${[...req.ticketIds]}::text[], ${BLOCK_HOLDER},
                            ${BLOCK_EXPIRES_AT}::timestamptz) AS r`.execute(db);
  return inventoryWrite('bo_block_tickets', rows[0]?.r);
}

export async function unblockTickets(db: Db, req: { eventId: string; ticketIds: readonly string[] }): Promise<InventoryWrite> {
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    SELECT bo_unblock_tickets(${req.eventId}, ${[...req.ticketIds]}::text[], ${BLOCK_HOLDER}) AS r`.execute(db);
  return inventoryWrite('bo_unblock_tickets', rows[0]?.r);
}

export async function repriceTickets(
  db: Db,
  req: { eventId: string; ticketIds: readonly string[]; price: number; tier?: string },
): Promise<InventoryWrite> {
  const { rows } = await sql<{ r: Record<string, unknown> }>`
    SELECT bo_reprice_tickets(${req.eventId}, ${[...req.ticketIds]}::text[], ${req.price}::int8, ${req.tier ?? null}::text,
                              ${BLOCK_HOLDER}) AS r`.execute(db);
  return inventoryWrite('bo_reprice_tickets', rows[0]?.r);
}

function inventoryWrite(fn: string, r: Record<string, unknown> | undefined): InventoryWrite {
  if (!r) throw new BoxOfficeError('INTERNAL', `${fn} returned no row`);
  const skipped = field<Array<{ id: string; status: SkippedTicket['status'] }>>(r, 'skipped');
  return {
    changed: field<string[]>(r, 'changed'),
    skipped: skipped.map((s) => ({ ticketId: s.id, status: s.status })),
    missing: field<string[]>(r, 'missing'),
  };
}
