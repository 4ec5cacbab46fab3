/**
 * The SDK's input types are written out (src/domain/schemas.ts and its neighbours) so that the
 * root's declarations need no zod; here each is checked against what its zod schema takes.
 * The type assertions are checked by `pnpm typecheck` (tsc over packages/*\/test), not at run time.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';
import * as root from '../../src/index.js';
import type {
  BlockInput,
  BookInput,
  CancelInput,
  ConfirmInput,
  EventInput,
  EventPatch,
  HoldInput,
  PaymentDetails,
  PerformerInput,
  QueueJoinInput,
  QueueSettingsInput,
  QueueUserInput,
  RepriceInput,
  SearchInput,
  SeatMapInput,
  SuggestInput,
  UnblockInput,
  VenueInput,
  WebhookEndpointInput,
} from '../../src/index.js';
import * as schemas from '../../src/schemas.js';

describe('the written-out input types', () => {
  it('are exactly what the schemas take', () => {
    expectTypeOf<PerformerInput>().toEqualTypeOf<z.input<typeof schemas.performerInput>>();
    expectTypeOf<SeatMapInput>().toEqualTypeOf<z.input<typeof schemas.seatMapInput>>();
    expectTypeOf<VenueInput>().toEqualTypeOf<z.input<typeof schemas.venueInput>>();
    expectTypeOf<EventInput>().toEqualTypeOf<z.input<typeof schemas.eventInput>>();
    expectTypeOf<EventPatch>().toEqualTypeOf<z.input<typeof schemas.eventPatch>>();
    expectTypeOf<HoldInput>().toEqualTypeOf<z.input<typeof schemas.holdInput>>();
    expectTypeOf<PaymentDetails>().toEqualTypeOf<z.input<typeof schemas.paymentDetails>>();
    expectTypeOf<ConfirmInput>().toEqualTypeOf<z.input<typeof schemas.confirmInput>>();
    expectTypeOf<BookInput>().toEqualTypeOf<z.input<typeof schemas.bookInput>>();
    expectTypeOf<CancelInput>().toEqualTypeOf<z.input<typeof schemas.cancelInput>>();
    expectTypeOf<BlockInput>().toEqualTypeOf<z.input<typeof schemas.blockInput>>();
    expectTypeOf<UnblockInput>().toEqualTypeOf<z.input<typeof schemas.unblockInput>>();
    expectTypeOf<RepriceInput>().toEqualTypeOf<z.input<typeof schemas.repriceInput>>();
    expectTypeOf<QueueSettingsInput>().toEqualTypeOf<z.input<typeof schemas.queueSettingsInput>>();
    expectTypeOf<QueueUserInput>().toEqualTypeOf<z.input<typeof schemas.queueUserInput>>();
    expectTypeOf<QueueJoinInput>().toEqualTypeOf<z.input<typeof schemas.queueJoinInput>>();
    expectTypeOf<SearchInput>().toEqualTypeOf<z.input<typeof schemas.searchInput>>();
    expectTypeOf<SuggestInput>().toEqualTypeOf<z.input<typeof schemas.suggestInput>>();
    expectTypeOf<WebhookEndpointInput>().toEqualTypeOf<z.input<typeof schemas.webhookEndpointInput>>();
  });

  it('leave the zod schemas to @boxoffice/sdk/schemas: the root exports none', () => {
    const zodValues = Object.entries(root)
      .filter(([, value]) => typeof value === 'object' && value !== null && '_zod' in value)
      .map(([name]) => name);
    expect(zodValues).toEqual([]);
    expect(Object.values(schemas).filter((value) => typeof value === 'object' && '_zod' in value).length).toBeGreaterThan(15);
  });
});
