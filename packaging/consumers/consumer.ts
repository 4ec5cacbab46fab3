// Type-checked with tsc --strict and no skipLibCheck against the SDK alone: its .d.ts must
// need nothing that is not installed with it.
import { BoxOfficeError, createBoxOffice, createTestGateway, openStore, type Booking, type BoxOffice, type Hold } from '@boxoffice/sdk';
import { generateCatalog } from '@boxoffice/sdk/catalog';

export async function book(eventId: string): Promise<Booking> {
  const boxOffice: BoxOffice = createBoxOffice({ store: await openStore('memory'), payments: createTestGateway() });
  const catalog = generateCatalog({ events: 1, seed: 1 });
  console.log(catalog.eventCount);
  const hold: Hold = await boxOffice.hold({ eventId, userId: 'u', best: { quantity: 1 } });
  try {
    return await boxOffice.confirm({ holdId: hold.id, userId: 'u', paymentDetails: { token: 'tok_visa' }, idempotencyKey: 'k' });
  } catch (error) {
    if (error instanceof BoxOfficeError) throw new Error(`${error.code}: ${error.message}`);
    throw error;
  }
}
