import type { InventoryResource } from '../resources.js';
import { blockInput, repriceInput, unblockInput } from '../domain/inventory-schemas.js';
import type { InventoryResult } from '../domain/inventory.js';
import { parseInput } from '../domain/validate.js';
import { seg, type HttpTransport } from './transport.js';

/** Inventory administration over `POST /admin/events/:eventId/inventory/{block,release,reprice}`. */
export function remoteInventory(http: HttpTransport): InventoryResource {
  const post = (command: string, input: { eventId: string; idempotencyKey?: string | undefined }) => {
    const { eventId, idempotencyKey, ...body } = input;
    return http.call<InventoryResult>('POST', `/admin/events/${seg(eventId)}/inventory/${command}`, { body, idempotencyKey, repeatable: 'by-key' });
  };
  return {
    async block(request, call) {
      return post('block', parseInput(blockInput, { ...request, idempotencyKey: call?.idempotencyKey }));
    },
    async unblock(request, call) {
      return post('release', parseInput(unblockInput, { ...request, idempotencyKey: call?.idempotencyKey }));
    },
    async reprice(request, call) {
      return post('reprice', parseInput(repriceInput, { ...request, idempotencyKey: call?.idempotencyKey }));
    },
  };
}
