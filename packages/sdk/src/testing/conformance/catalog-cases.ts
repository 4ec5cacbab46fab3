import { describe, expect, it } from 'vitest';
import { createHall, createHallEvent, HALL_CAPACITY, HALL_PRICES } from '../fixtures.js';
import { codeOf, useCaseContext, type BoxOfficeWrapper, type StoreFactory } from './harness.js';

export function catalogCases(factory: StoreFactory, through?: BoxOfficeWrapper): void {
  describe('catalog', () => {
    const c = useCaseContext(factory, through);

    it('creates an event with one AVAILABLE ticket per place, priced by tier', async () => {
      const { event, venue } = await createHallEvent(c.bo);
      expect(venue.capacity).toBe(HALL_CAPACITY);
      const view = await c.bo.getEvent(event.id);
      expect(view.id).toBe(event.id);
      expect(view.venue.id).toBe(venue.id);
      expect(view.performers.map((p) => p.name)).toEqual(['The Testers']);
      expect(view.tickets).toHaveLength(HALL_CAPACITY);
      expect(new Set(view.tickets.map((t) => t.id)).size).toBe(HALL_CAPACITY);
      expect(view.tickets.every((t) => t.status === 'AVAILABLE' && t.currency === 'EUR')).toBe(true);
      const a1 = view.tickets.find((t) => t.section === 'A' && t.row === 'A' && t.seat === 1);
      expect(a1?.price).toBe(HALL_PRICES.premium);
      const floor = view.tickets.filter((t) => t.section === 'FLOOR');
      expect(floor).toHaveLength(20);
      expect(floor.every((t) => t.row === null && t.seat === null && t.price === HALL_PRICES.floor)).toBe(true);
    });

    it('updates an event and lists it', async () => {
      const { event } = await createHallEvent(c.bo);
      const updated = await c.bo.updateEvent(event.id, { title: 'The Testers — encore', popularity: 42 });
      expect(updated.title).toBe('The Testers — encore');
      expect((await c.bo.getEvent(event.id)).popularity).toBe(42);
      const listed = await c.bo.listEvents({ pageSize: 100 });
      expect(listed.map((e) => e.id)).toContain(event.id);
    });

    it('lists events that have ended only with includePast, as search does', async () => {
      const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
      const { event: ended } = await createHallEvent(c.bo, { startsAt: at(-48), endsAt: at(-24), onSaleAt: at(-72) });
      const { event: running } = await createHallEvent(c.bo, { startsAt: at(-1), endsAt: at(1), onSaleAt: at(-72) });
      const { event: coming } = await createHallEvent(c.bo);
      const ids = async (options: Parameters<typeof c.bo.listEvents>[0]) => (await c.bo.listEvents(options)).map((e) => e.id).sort();
      expect(await ids({ pageSize: 100 })).toEqual([running.id, coming.id].sort());
      expect(await ids({ pageSize: 100, includePast: false })).toEqual([running.id, coming.id].sort());
      expect(await ids({ pageSize: 100, includePast: true })).toEqual([ended.id, running.id, coming.id].sort());
      // Paging counts only the events listed: the past one does not take a slot of page 1.
      expect((await c.bo.listEvents({ pageSize: 2 })).map((e) => e.id).sort()).toEqual([running.id, coming.id].sort());
      const search = await c.bo.searchEvents({ pageSize: 100 });
      expect(search.items.map((e) => e.id).sort()).toEqual(await ids({ pageSize: 100 }));
      expect(await codeOf(() => c.bo.listEvents({ includePast: 'yes' as never }))).toEqual({ code: 'VALIDATION', field: 'includePast' });
    });

    it('refuses bad catalog input naming the field, and writes nothing', async () => {
      const venue = await createHall(c.bo);
      const base = { title: 'X', startsAt: '2030-01-01T20:00:00Z', venueId: venue.id, prices: { ...HALL_PRICES } };
      expect(await codeOf(() => c.bo.createEvent({ ...base, prices: { premium: 1, standard: 1 } }))).toEqual({ code: 'VALIDATION', field: 'prices.floor' });
      expect(await codeOf(() => c.bo.createEvent({ ...base, prices: { ...HALL_PRICES, floor: -5 } }))).toEqual({ code: 'VALIDATION', field: 'prices.floor' });
      expect(await codeOf(() => c.bo.createEvent({ ...base, venueId: 'ven_nope' }))).toEqual({ code: 'NOT_FOUND', field: 'venueId' });
      expect(await codeOf(() => c.bo.createEvent({ ...base, venueId: 'not-an-id' }))).toEqual({ code: 'VALIDATION', field: 'venueId' });
      expect(await codeOf(() => c.bo.createEvent({ ...base, performerIds: ['prf_missing'] }))).toEqual({ code: 'NOT_FOUND', field: 'performerIds.0' });
      expect(await codeOf(() => c.bo.createEvent({ ...base, startsAt: 'next tuesday' }))).toEqual({ code: 'VALIDATION', field: 'startsAt' });
      expect(await codeOf(() => c.bo.createEvent({ ...base, endsAt: '2029-01-01T00:00:00Z' }))).toEqual({ code: 'VALIDATION', field: 'endsAt' });
      expect((await c.bo.listEvents({ pageSize: 100 })).length).toBe(0);

      const seatMap = { sections: [{ id: 'A', name: 'A', tier: 't', rows: [{ label: 'A', seatCount: 0 }] }] };
      const venueBase = { name: 'V', city: 'Porto', lat: 41.1, lon: -8.6 };
      expect(await codeOf(() => c.bo.createVenue({ ...venueBase, seatMap }))).toEqual({ code: 'VALIDATION', field: 'seatMap.sections.0.rows.0.seatCount' });
      expect(await codeOf(() => c.bo.createVenue({ ...venueBase, seatMap: { sections: [] } }))).toEqual({ code: 'VALIDATION', field: 'seatMap.sections' });
      const dup = { sections: [{ id: 'A', name: 'A', tier: 't', capacity: 5 }, { id: 'A', name: 'B', tier: 't', capacity: 5 }] };
      expect(await codeOf(() => c.bo.createVenue({ ...venueBase, seatMap: dup }))).toEqual({ code: 'VALIDATION', field: 'seatMap.sections.1.id' });
      expect(await codeOf(() => c.bo.createVenue({ ...venueBase, lat: 200, seatMap: dup }))).toEqual({ code: 'VALIDATION', field: 'lat' });
      expect(await codeOf(() => c.bo.getEvent('evt_missing'))).toEqual({ code: 'NOT_FOUND', field: 'eventId' });
      expect(await codeOf(() => c.bo.getEvent('../etc/passwd'))).toEqual({ code: 'VALIDATION', field: 'eventId' });
    });
  });
}
