import type { BoxOffice, CallOptions, HoldRequest } from '../../src/index.js';

/**
 * A measuring double, not a product: the same BoxOffice, except that a best-available hold is
 * turned into a hold of named tickets popped from a free list kept from `subscribe`. Everything
 * else (the store's takeHold, confirm, payments, sweeps, the audit) runs for real. With it a run
 * shows what the simulator and the rest of the SDK cost when best-available is not the
 * bottleneck (`HoldService.takeBest` reads and ranks a full snapshot per hold).
 */
export function withFreeListBest(inner: BoxOffice): BoxOffice {
  const free = new Map<string, { stack: string[]; set: Set<string> }>();
  const loading = new Map<string, Promise<void>>();
  inner.subscribe((e) => {
    const f = free.get(e.eventId);
    if (!f) return;
    for (const c of e.changes) {
      if (c.status !== 'AVAILABLE') f.set.delete(c.ticketId);
      else if (!f.set.has(c.ticketId)) {
        f.set.add(c.ticketId);
        f.stack.push(c.ticketId);
      }
    }
  });
  const load = (eventId: string) => {
    let pending = loading.get(eventId);
    if (!pending) {
      pending = inner.getTickets(eventId).then((tickets) => {
        const ids = tickets.filter((t) => t.status === 'AVAILABLE').map((t) => t.id).reverse();
        free.set(eventId, { stack: ids, set: new Set(ids) });
      });
      loading.set(eventId, pending);
    }
    return pending;
  };
  const create = async (input: HoldRequest, call?: CallOptions) => {
    if (!input.best) return inner.holds.create(input, call);
    await load(input.eventId);
    const f = free.get(input.eventId)!;
    const ids: string[] = [];
    while (ids.length < input.best.quantity && f.stack.length > 0) {
      const id = f.stack.pop()!;
      if (f.set.delete(id)) ids.push(id); // claimed; the feed puts it back if it comes back
    }
    const { best: _best, ...rest } = input;
    return inner.holds.create({ ...rest, ticketIds: ids.length > 0 ? ids : ['tkt_none'] }, call);
  };
  const holds = { ...inner.holds, create };
  return new Proxy(inner, { get: (target, key, receiver) => (key === 'holds' ? holds : Reflect.get(target, key, receiver)) });
}
