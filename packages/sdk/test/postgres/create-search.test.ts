import { expect, it } from 'vitest';
import { createPostgresSearch } from '../../src/adapters/postgres/index.js';
import { placesOf, stadiumSeatMap } from '../../src/domain/seat-map.js';
import { eventAt, venueOf } from './fixtures.js';
import { eachBackend, uid } from './harness.js';

/**
 * `createPostgresSearch({ store })` from the public entry: the store hands the search adapter
 * its database (the adapter knows no store class), and the index answers from that database.
 */
eachBackend('createPostgresSearch', (backend) => {
  it("searches the store's own database and reports the store's kind", async () => {
    const opened = await backend.open();
    const search = createPostgresSearch({ store: opened.store });
    try {
      expect(search.kind).toBe(opened.store.kind);
      const venue = venueOf(stadiumSeatMap({ sections: 1, rows: 1, seatsPerRow: 2 }));
      const title = `Quokka ${uid('night')}`;
      await opened.store.createVenue(venue);
      await opened.store.createEvent({ event: eventAt(venue, { title }), places: placesOf(venue.seatMap), ticketIdPrefix: uid('tkt') });
      const suggestions = await search.suggest({ prefix: 'quokka', limit: 5 });
      expect(suggestions).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'event', text: title })]));
    } finally {
      await search.close();
      await opened.cleanup();
    }
  });
});
