/**
 * `@boxoffice/sdk/schemas`: the zod schemas behind every input the SDK checks, for code that
 * builds on them (the server derives its JSON Schemas from them, the CLI checks flags with
 * them). The SDK bundles the zod it runs on, so the root needs no zod; this entry's declarations
 * are zod types, so a TypeScript consumer of it installs `zod` (an optional peer) for them.
 * A schema here works with the consumer's own zod 4 (`z.toJSONSchema`, composition): zod 4
 * shares its registry across copies and recognises another copy's schemas.
 */
export {
  idOf,
  strictIsoDateTime,
  userIdSchema,
  idempotencyKeySchema,
  performerInput,
  sectionId,
  seatMapInput,
  venueInput,
  eventInput,
  eventPatch,
  holdInput,
  paymentDetails,
  confirmInput,
  bookInput,
  releaseInput,
  cancelInput,
} from './domain/schemas.js';
export { parseInput } from './domain/validate.js';
export { blockInput, unblockInput, repriceInput } from './domain/inventory-schemas.js';
export { queueSettingsInput, queueUserInput, queueJoinInput, mergeQueueSettings } from './domain/queue-schemas.js';
export { searchInput, suggestInput } from './domain/search-query.js';
export { webhookEndpointInput } from './webhooks/endpoint-schema.js';
