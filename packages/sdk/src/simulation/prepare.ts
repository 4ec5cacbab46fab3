import { never, retryShed } from './shed-retry.js';
import type { BoxOffice } from '../box-office.js';
import { invalid } from '../domain/errors.js';
import { assertOnSale } from '../domain/sales-window.js';
import type { Event, SeatMap } from '../domain/types.js';
import { createSimulationEvent } from './event.js';
import type { ResolvedSimulationOptions, SimulationOptions } from './options.js';
import { SIMULATION_DEFAULTS } from './options.js';

/** The event a run sells, and whether the run created it. */
export interface PreparedEvent {
  readonly event: Event;
  readonly created: boolean;
}

/** Default hold lifetime of a created event: long with a movable store clock, short without. */
export const HOLD_TTL_WITH_CLOCK = 600;
export const HOLD_TTL_WITHOUT_CLOCK = 30;

/**
 * Finds the named event, or creates a fresh one; checks that the run can sell it (the section
 * exists, a user may hold `seatsPerUser` seats).
 */
export async function prepareEvent(bo: BoxOffice, options: SimulationOptions, o: ResolvedSimulationOptions): Promise<PreparedEvent> {
  let event: Event;
  let seatMap: SeatMap;
  let created = false;
  if (options.eventId !== undefined) {
    const { venue, performers: _p, tickets: _t, ...rest } = await retryShed(() => bo.events.get(options.eventId!), never);
    event = rest;
    seatMap = venue.seatMap;
  } else {
    const made = await createSimulationEvent(bo, {
      seats: options.seats ?? SIMULATION_DEFAULTS.seats,
      holdTtlSeconds: options.holdTtlSeconds ?? (options.storeClock ? HOLD_TTL_WITH_CLOCK : HOLD_TTL_WITHOUT_CLOCK),
      maxTicketsPerUser: Math.max(10, o.seatsPerUser),
    });
    event = made.event;
    seatMap = made.venue.seatMap;
    created = true;
  }
  // A million users must not each find out with a failed hold.
  assertOnSale(event, Date.now());
  if (o.section !== null && !seatMap.sections.some((s) => s.id === o.section)) {
    throw invalid('section', `the venue has no section ${o.section} (it has ${seatMap.sections.slice(0, 5).map((s) => s.id).join(', ')}${seatMap.sections.length > 5 ? ', ...' : ''})`);
  }
  if (event.maxTicketsPerUser !== null && event.maxTicketsPerUser < o.seatsPerUser) {
    throw invalid('seatsPerUser', `the event lets one user have at most ${event.maxTicketsPerUser} tickets`);
  }
  return { event, created };
}
