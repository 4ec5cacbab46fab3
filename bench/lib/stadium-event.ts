import { type BoxOffice, stadiumSeatMap } from '@boxoffice/sdk';

/**
 * A fresh event of about `seats` seats (sections of 25 rows × 40, three price tiers, no per-user
 * cap) on a venue of its own, starting in 30 days: what the on-sale benchmarks sell.
 */
export async function createStadiumEvent(admin: BoxOffice, title: string, seats: number): Promise<{ id: string; seats: number }> {
  const rowsPerSection = 25;
  const seatsPerRow = 40;
  const sections = Math.max(1, Math.round(seats / (rowsPerSection * seatsPerRow)));
  const seatMap = { sections: stadiumSeatMap({ sections, rows: rowsPerSection, seatsPerRow }).sections.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r })) })) };
  const venue = await admin.venues.create({ name: `${title} arena`, city: 'Porto', lat: 41.15, lon: -8.61, seatMap });
  const event = await admin.events.create({ title, startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), venueId: venue.id, prices: { premium: 9_000, standard: 6_000, value: 3_000 }, maxTicketsPerUser: null });
  return { id: event.id, seats: sections * rowsPerSection * seatsPerRow };
}
