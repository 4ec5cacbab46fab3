import type { BoxOfficeQueue } from '../box-office-queue.js';
import type { BoxOffice } from '../box-office.js';
import { invalid } from '../domain/errors.js';
import { fnv1a } from '../domain/seeded-random.js';

/**
 * One `BoxOffice` over several server processes of one deployment (the same store and Redis),
 * as a load generator sees them: each user's calls — holds, confirms, releases, bookings, the
 * queue's join/heartbeat/leave — go to the process picked by a hash of the user's id (the same
 * process for all of one user's calls, as a load balancer with sticky sessions would do);
 * everything else — catalog reads, admin calls, audits, and the live feeds (`subscribe`,
 * `queue.subscribe`, which Redis fans out to every process) — goes to the first. Not a cluster:
 * the processes share nothing through this object, only the client's calls are spread.
 */
export function spreadByUser(targets: readonly BoxOffice[]): BoxOffice {
  const first = targets[0];
  if (first === undefined) throw invalid('urls', 'give at least one server');
  if (targets.length === 1) return first;
  const pick = (userId: string): BoxOffice => targets[fnv1a(userId) % targets.length]!;
  const queue: BoxOfficeQueue = {
    join: (input) => pick(input.userId).queue.join(input),
    status: (input) => pick(input.userId).queue.status(input),
    heartbeat: (input) => pick(input.userId).queue.heartbeat(input),
    leave: (input) => pick(input.userId).queue.leave(input),
    drawOrder: (eventId, options) => first.queue.drawOrder(eventId, options),
    subscribe: (listener) => first.queue.subscribe(listener),
  };
  return {
    ...bindAll(first),
    storeKind: first.storeKind,
    hold: (input) => pick(input.userId).hold(input),
    releaseHold: (input) => pick(input.userId).releaseHold(input),
    confirm: (input) => pick(input.userId).confirm(input),
    book: (input) => pick(input.userId).book(input),
    cancelBooking: (input) => pick(input.userId).cancelBooking(input),
    queue,
    close: async () => {
      await Promise.all(targets.map((t) => t.close()));
    },
  };
}

/** The first target's methods, bound (a remote client is a plain object, but one need not be). */
function bindAll(bo: BoxOffice): BoxOffice {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(bo) as (keyof BoxOffice)[]) {
    const value = bo[key];
    out[key] = typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(bo) : value;
  }
  return out as unknown as BoxOffice;
}
