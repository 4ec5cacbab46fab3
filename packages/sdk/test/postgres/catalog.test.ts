import { afterAll, beforeAll, expect, it } from 'vitest';
import { countAvailable } from '../../src/domain/availability-bits.js';
import { placesOf, stadiumSeatMap } from '../../src/domain/seat-map.js';
import type { Performer } from '../../src/domain/types.js';
import { eventAt, seedEvent, venueOf } from './fixtures.js';
import { eachBackend, uid, type OpenedStore } from './harness.js';

eachBackend('postgres store: catalog', (backend) => {
  let opened: OpenedStore;
  beforeAll(async () => {
    opened = await backend.open();
  });
  afterAll(async () => {
    await opened?.cleanup();
  });

  it('creates a 50,000-seat event in a few seconds, every ticket priced and AVAILABLE', async () => {
    const { store } = opened;
    // 50 sections × 40 rows × 25 seats = 50,000.
    const seeded = await seedEvent(store, { sections: 50, rows: 40, seatsPerRow: 25 });
    console.log(`[${backend.name}] createEvent of 50,000 tickets: ${seeded.createMs.toFixed(0)} ms`);
    expect(seeded.ticketIds).toHaveLength(50_000);

    const started = performance.now();
    const snapshot = await store.getSnapshot(seeded.event.id);
    console.log(`[${backend.name}] getSnapshot of 50,000 seats: ${(performance.now() - started).toFixed(0)} ms`);
    expect(snapshot).toHaveLength(50_000);
    expect(snapshot.every((s) => s.available)).toBe(true);
    expect(snapshot.map((s) => s.id)).toEqual(seeded.ticketIds);

    // Best-available's per-hold read: availability only, one aggregated row.
    const availabilityStarted = performance.now();
    const availability = await store.getAvailability(seeded.event.id);
    console.log(`[${backend.name}] getAvailability of 50,000 seats: ${(performance.now() - availabilityStarted).toFixed(0)} ms`);
    expect(availability?.size).toBe(50_000);
    expect(countAvailable(availability!.available, 0, 49_999)).toBe(50_000);

    const tickets = await store.getTickets(seeded.event.id);
    expect(tickets).toHaveLength(50_000);
    const first = tickets[0]!;
    expect(first).toEqual({
      id: seeded.ticketIds[0],
      eventId: seeded.event.id,
      section: 'S001',
      row: 'A',
      seat: 1,
      x: 0,
      y: 0,
      tier: 'premium',
      price: 10_000,
      currency: 'EUR',
      status: 'AVAILABLE',
      holdId: null,
      reservedUntil: null,
      bookingId: null,
      version: 0,
    });
    expect(tickets.at(-1)?.tier).toBe('value');
    expect(tickets.at(-1)?.price).toBe(2_500);

    const auditStarted = performance.now();
    const report = await store.audit(seeded.event.id);
    console.log(`[${backend.name}] audit of a 50,000-seat event: ${(performance.now() - auditStarted).toFixed(0)} ms`);
    expect(report).toMatchObject({ ok: true, ticketsChecked: 50_000, bookingsChecked: 0, paymentsChecked: 0 });
  });

  it('round-trips performers, venues and events exactly', async () => {
    const { store } = opened;
    const performers: Performer[] = [
      { id: uid('prf'), name: 'Ana', description: 'fado', genre: 'fado' },
      { id: uid('prf'), name: 'Bo', description: '', genre: null },
    ];
    for (const p of performers) await store.createPerformer(p);
    expect(await store.getPerformers([performers[1]!.id, 'prf_missing', performers[0]!.id])).toEqual([performers[1], performers[0]]);
    expect(await store.getPerformers([])).toEqual([]);

    const venue = venueOf({
      sections: [
        { id: 'A', name: 'Stalls', tier: 'premium', rank: 0, x: 0.5, y: 2, rows: [{ label: 'A', seatCount: 3, startNumber: 1 }], capacity: null },
        { id: 'GA', name: 'Floor', tier: 'standard', rank: 1, x: 10, y: 10, rows: [], capacity: 5 },
      ],
    });
    await store.createVenue(venue);
    expect(await store.getVenue(venue.id)).toEqual(venue);
    expect(await store.getVenue('ven_missing')).toBeNull();

    const event = eventAt(venue, { performerIds: performers.map((p) => p.id), maxTicketsPerUser: 4, popularity: 0.25 });
    const n = await store.createEvent({ event, places: placesOf(venue.seatMap), ticketIdPrefix: 'tkt_x' + event.id.slice(4) + '-' });
    expect(n).toBe(8);
    expect(await store.getEvent(event.id)).toEqual(event);
    expect(await store.getEvent('evt_missing')).toBeNull();

    const updated = { ...event, title: 'Renamed', status: 'POSTPONED' as const, updatedAt: new Date().toISOString() };
    await store.updateEvent(updated);
    expect(await store.getEvent(event.id)).toEqual(updated);
    await expect(store.updateEvent({ ...updated, id: 'evt_missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const listed = await store.listEvents({ limit: 1000, offset: 0 });
    expect(listed.map((e) => e.id)).toContain(event.id);

    const tickets = await store.getTickets(event.id);
    const ga = tickets.filter((t) => t.section === 'GA');
    expect(ga).toHaveLength(5);
    expect(ga.every((t) => t.row === null && t.seat === null && t.price === 5_000)).toBe(true);
    expect(tickets[0]).toMatchObject({ x: 0.5, y: 2 });
    const picked = [tickets[4]!.id, 'tkt_missing', tickets[1]!.id];
    expect((await store.getTicketsByIds(picked)).map((t) => t.id)).toEqual([tickets[4]!.id, tickets[1]!.id]);
  });

  it('writes nothing when a place has no price for its tier', async () => {
    const { store } = opened;
    const venue = venueOf(stadiumSeatMap({ sections: 3, rows: 2, seatsPerRow: 2 }));
    await store.createVenue(venue);
    const event = eventAt(venue, { prices: { premium: 100, standard: 50 } });
    await expect(store.createEvent({ event, places: placesOf(venue.seatMap), ticketIdPrefix: 'tkt_np-' })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'prices.value',
    });
    expect(await store.getEvent(event.id)).toBeNull();
    expect(await store.getTickets(event.id)).toEqual([]);
  });

  it('keeps the store clock and moves it forward', async () => {
    const { store } = opened;
    const before = await store.now();
    expect(Math.abs(before - Date.now())).toBeLessThan(60_000);
    await store.advanceClock(3_600_000);
    const after = await store.now();
    expect(after - before).toBeGreaterThanOrEqual(3_600_000);
    expect(after - before).toBeLessThan(3_600_000 + 10_000);
  });
});
