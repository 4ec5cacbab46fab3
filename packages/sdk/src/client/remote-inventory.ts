import type { BoxOffice } from '../box-office.js';
import { blockInput, repriceInput, unblockInput, type InventoryResult } from '../domain/inventory.js';
import { parseInput } from '../domain/validate.js';
import { seg, type HttpTransport } from './transport.js';

type InventoryAdmin = Pick<BoxOffice, 'blockTickets' | 'unblockTickets' | 'repriceTickets'>;

/** Inventory administration over `POST /admin/events/:eventId/inventory/{block,release,reprice}`. */
export function remoteInventory(http: HttpTransport): InventoryAdmin {
  const post = (command: string, input: { eventId: string; idempotencyKey?: string | undefined }) => {
    const { eventId, idempotencyKey, ...body } = input;
    return http.call<InventoryResult>('POST', `/admin/events/${seg(eventId)}/inventory/${command}`, { body, idempotencyKey, repeatable: 'by-key' });
  };
  return {
    async blockTickets(input) {
      return post('block', parseInput(blockInput, input));
    },
    async unblockTickets(input) {
      return post('release', parseInput(unblockInput, input));
    },
    async repriceTickets(input) {
      return post('reprice', parseInput(repriceInput, input));
    },
  };
}
