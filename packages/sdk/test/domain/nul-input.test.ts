import { describe, expect, it } from 'vitest';
import { createBoxOffice, createTestGateway, isBoxOfficeError, MemoryStore } from '../../src/index.js';

/** PostgreSQL cannot keep a NUL in text (the fuzz got a 500 for one): refused at the boundary, on every store. */
describe('input with a NUL character', () => {
  const venue = (over: Record<string, unknown> = {}, label = 'A') => ({
    name: 'Hall',
    address: '1 Street',
    city: 'Porto',
    country: 'PT',
    lat: 41.1,
    lon: -8.6,
    seatMap: { sections: [{ id: 'S', name: 'Stalls', tier: 'standard', rows: [{ label, seatCount: 2 }] }] },
    ...over,
  });

  it('is VALIDATION naming the field, at the top and deep in the seat map', async () => {
    const bo = createBoxOffice({ store: new MemoryStore(), payments: createTestGateway() });
    try {
      const error = await bo.venues.create(venue({ name: 'Ha\u0000ll' })).catch((e: unknown) => e);
      expect(isBoxOfficeError(error, 'VALIDATION')).toBe(true);
      expect(error).toMatchObject({ field: 'name' });
      const deep = await bo.venues.create(venue({}, 'A\u0000')).catch((e: unknown) => e);
      expect(deep).toMatchObject({ code: 'VALIDATION', field: 'seatMap.sections.0.rows.0.label' });
      expect(await bo.venues.create(venue())).toMatchObject({ name: 'Hall' });
    } finally {
      await bo.close();
    }
  });
});
