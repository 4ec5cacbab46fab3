import { blockInput, repriceInput, unblockInput } from '@boxoffice/sdk/schemas';
import { fromZod } from './json-schema.js';

/** Bodies of the inventory routes: the SDK's inputs without the path's eventId and the Idempotency-Key header. */
const omit = ['eventId', 'idempotencyKey'];
const ids = { ticketIds: { items: 'ticket' as const } };

export const blockBody = fromZod(blockInput, { omit, ids, description: 'Which seats to take off sale: exactly one of ticketIds, section (with rows), tier.' });
export const unblockBody = fromZod(unblockInput, { omit, ids, description: 'Which blocked seats to return to sale: exactly one of ticketIds, section (with rows), tier.' });
export const repriceBody = fromZod(repriceInput, { omit, ids, description: 'The new price (minor units) of the selected unsold seats.' });
