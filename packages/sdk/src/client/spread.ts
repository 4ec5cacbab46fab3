import type { BoxOffice, BoxOfficeResources } from '../box-office.js';
import { withDeprecatedCalls } from '../deprecated-calls.js';
import type { CallOptions } from '../resources.js';
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
  /** The process of a user's calls; calls that name no user go to the first. */
  const pick = (userId: string | undefined): BoxOffice => (userId === undefined ? first : targets[fnv1a(userId) % targets.length]!);
  const userOf = (input: { userId?: string }, call?: CallOptions) => call?.userId ?? input.userId;
  const resources: BoxOfficeResources = {
    storeKind: first.storeKind,
    events: first.events,
    venues: first.venues,
    performers: first.performers,
    holds: {
      create: (request, call) => pick(call?.userId).holds.create(request, call),
      get: (holdId, call) => pick(call?.userId).holds.get(holdId, call),
      release: (holdId, call) => pick(call?.userId).holds.release(holdId, call),
    },
    bookings: {
      confirm: (request, call) => pick(call?.userId).bookings.confirm(request, call),
      book: (request, call) => pick(call?.userId).bookings.book(request, call),
      cancel: (bookingId, call) => pick(call?.userId).bookings.cancel(bookingId, call),
      get: (bookingId, call) => first.bookings.get(bookingId, call),
      list: (filter, call) => first.bookings.list(filter, call),
    },
    queue: {
      ...bindAll(first.queue),
      join: (input, call) => pick(userOf(input, call)).queue.join(input, call),
      status: (input, call) => pick(userOf(input, call)).queue.status(input, call),
      heartbeat: (input, call) => pick(userOf(input, call)).queue.heartbeat(input, call),
      leave: (input, call) => pick(userOf(input, call)).queue.leave(input, call),
    },
    inventory: first.inventory,
    operations: first.operations,
    webhooks: first.webhooks,
    subscribe: (listener) => first.subscribe(listener),
    close: async () => {
      await Promise.all(targets.map((t) => t.close()));
    },
  };
  return withDeprecatedCalls(resources);
}

/** An object's methods, bound (a remote client's parts are plain objects, but one need not be). */
function bindAll<T extends object>(target: T): T {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(target)) {
    const value = (target as Record<string, unknown>)[key];
    out[key] = typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
  }
  return out as T;
}
