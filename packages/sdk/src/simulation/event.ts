import type { BoxOffice } from '../box-office.js';
import { invalid } from '../domain/errors.js';
import type { SeatMapInput } from '../domain/inputs.js';
import { stadiumSeatMap } from '../domain/seat-map.js';
import type { Event, Venue } from '../domain/types.js';

const ROWS = 20;
const SEATS_PER_ROW = 25;
const PER_SECTION = ROWS * SEATS_PER_ROW;
/** The venue limit of the catalog (`MAX_SEATS_PER_VENUE`). */
export const MAX_SIMULATION_SEATS = 200_000;

/**
 * A stadium of exactly `seats` seats: sections of 20 rows × 25 seats (premium, standard and
 * value rings, from `stadiumSeatMap`), the last section cut short to make the count.
 */
export function simulationSeatMap(seats: number): SeatMapInput {
  if (!Number.isSafeInteger(seats) || seats < 1 || seats > MAX_SIMULATION_SEATS) {
    throw invalid('seats', `must be a whole number from 1 to ${MAX_SIMULATION_SEATS}`);
  }
  const sectionCount = Math.ceil(seats / PER_SECTION);
  const map = stadiumSeatMap({ sections: sectionCount, rows: ROWS, seatsPerRow: SEATS_PER_ROW });
  const lastSeats = seats - (sectionCount - 1) * PER_SECTION;
  return {
    sections: map.sections.map((s, i) => {
      const rows = s.rows.map((r) => ({ label: r.label, seatCount: r.seatCount, startNumber: r.startNumber }));
      if (i === sectionCount - 1 && lastSeats < PER_SECTION) {
        const full = Math.floor(lastSeats / SEATS_PER_ROW);
        const rest = lastSeats % SEATS_PER_ROW;
        rows.length = full + (rest > 0 ? 1 : 0);
        if (rest > 0) rows[full] = { ...rows[full]!, seatCount: rest };
      }
      return { id: s.id, name: s.name, tier: s.tier, rank: s.rank, x: s.x, y: s.y, rows };
    }),
  };
}

export interface SimulationEventOptions {
  readonly seats: number;
  readonly holdTtlSeconds: number;
  /** Seats one user may hold or own (at least the simulation's seats per user). */
  readonly maxTicketsPerUser: number;
  /** When the event starts (default: 30 days from now); it is on sale at once. */
  readonly startsAt?: string;
}

/** Creates a venue and an on-sale event for a simulation, through the public interface. */
export async function createSimulationEvent(bo: BoxOffice, options: SimulationEventOptions): Promise<{ venue: Venue; event: Event }> {
  const seatMap = simulationSeatMap(options.seats);
  const venue = await bo.venues.create({
    name: `Simulation Stadium (${options.seats.toLocaleString('en-US')} seats)`,
    city: 'Simulation City',
    lat: 0,
    lon: 0,
    seatMap,
  });
  const event = await bo.events.create({
    title: `On-sale simulation: ${options.seats.toLocaleString('en-US')} seats`,
    type: 'sports',
    startsAt: options.startsAt ?? new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString(),
    venueId: venue.id,
    prices: { premium: 15_000, standard: 8_500, value: 4_500 },
    holdTtlSeconds: options.holdTtlSeconds,
    maxTicketsPerUser: options.maxTicketsPerUser,
  });
  return { venue, event };
}
