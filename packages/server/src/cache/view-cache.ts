import type { EventView } from '@boxoffice/sdk';
import { EventSnapshot } from './event-snapshot.js';
import type { Rendered } from './rendered.js';
import type { SharedViewStore } from './shared-views.js';

export { EventSnapshot } from './event-snapshot.js';

/** Longest an expensive view goes without a rebuild when nothing is announced (a lost bus message). */
const EXPENSIVE_MAX_AGE_MS = 30_000;

export interface ViewCacheOptions {
  /** Longest an entry is served without reloading, whatever happens (default 2000 ms). */
  maxAgeMs?: number;
  /**
   * After a ticket change marks an entry stale, it is still served until it is this old, so a
   * busy on-sale reloads each event at most once per interval per process (default 100 ms).
   */
  minRefreshMs?: number;
  /**
   * An event with at least this many tickets has an expensive view (default 5000): it is served
   * stale while one rebuild runs in the background, rebuilt at most every `4 × what the last
   * rebuild cost` (load + render), so a 50,000-seat view is not rebuilt on every change of an
   * on-sale and never makes requests wait for a rebuild once it has been built.
   */
  backgroundAtTickets?: number;
  /** How long a rendered layout is kept (it changes only with the catalog; default 60 s). */
  layoutMaxAgeMs?: number;
  maxEntries?: number;
  now?: () => number;
  /**
   * Views shared by every process (Redis): a miss here reads them before the store, and a view
   * loaded from the store is stored there for the others. Invalidated by `markStale`/`drop`.
   */
  shared?: SharedViewStore;
}

interface Entry {
  gen: number;
  stale: boolean;
  snapshot?: EventSnapshot;
  builtAt: number;
  expiresAt: number;
  /** How long the last load took (ms). */
  loadMs: number;
  /** The earliest expiry of a hold the snapshot shows (epoch ms; Infinity when none). */
  holdExpiresAt: number;
  loading?: Promise<EventSnapshot>;
  layout?: { rendered: Rendered; expiresAt: number };
}

/**
 * The in-process cache of event views. Ticket changes (from the event bus, so from every
 * process when the bus is Redis) mark an event stale; catalog changes drop it. Staleness bound:
 * a view is at most `minRefreshMs` behind a change announced on the bus, at most `maxAgeMs`
 * old in any case, and never served past the earliest expiry of a hold it shows — except an
 * expensive view (see `backgroundAtTickets`): it is served stale while one rebuild runs in the
 * background, at most every `4 × its rebuild cost`, and, when nothing is announced, every 30 s.
 *
 * With `shared` (Redis), a process that misses takes the view another process built, if no
 * change was announced since that process read the store; ages count from that read, so the
 * bounds above hold across processes.
 */
export class ViewCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAgeMs: number;
  private readonly minRefreshMs: number;
  private readonly backgroundAtTickets: number;
  private readonly layoutMaxAgeMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly shared: SharedViewStore | undefined;

  constructor(
    private readonly load: (eventId: string) => Promise<EventView>,
    options: ViewCacheOptions = {},
  ) {
    this.maxAgeMs = options.maxAgeMs ?? 2000;
    this.minRefreshMs = options.minRefreshMs ?? 100;
    this.backgroundAtTickets = options.backgroundAtTickets ?? 5000;
    this.layoutMaxAgeMs = options.layoutMaxAgeMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
    this.shared = options.shared;
  }

  /** The event's snapshot, and whether it came from the cache (false: this call loaded it). */
  async get(eventId: string): Promise<{ snapshot: EventSnapshot; hit: boolean }> {
    const now = this.now();
    const entry = this.entries.get(eventId);
    const snapshot = entry?.snapshot;
    if (entry && snapshot) {
      const expensive = snapshot.ticketCount >= this.backgroundAtTickets;
      const interval = expensive ? Math.max(this.minRefreshMs, 4 * (snapshot.cost + entry.loadMs)) : this.minRefreshMs;
      const recent = now - entry.builtAt < interval;
      // An expensive view is rebuilt for a change (bus, hold expiry), not merely for its age.
      const expiresAt = expensive ? Math.min(entry.holdExpiresAt, entry.builtAt + Math.max(this.maxAgeMs, EXPENSIVE_MAX_AGE_MS)) : entry.expiresAt;
      if (now < expiresAt && (!entry.stale || recent)) return { snapshot, hit: true };
      if (expensive) {
        // Serve what we have; one rebuild runs in the background, no more often than `interval`.
        if (!entry.loading && !recent) this.reload(eventId, entry).catch(() => undefined);
        return { snapshot, hit: true };
      }
    }
    // Joining a load already under way costs the store nothing: that counts as a hit.
    if (entry?.loading) return { snapshot: await entry.loading, hit: true };
    return { snapshot: await this.reload(eventId, entry), hit: false };
  }

  /** The rendered compact layout, kept longer than views (ticket changes do not touch it). */
  async layout(eventId: string): Promise<{ rendered: Rendered; hit: boolean }> {
    const cached = this.entries.get(eventId)?.layout;
    if (cached && this.now() < cached.expiresAt) return { rendered: cached.rendered, hit: true };
    const { snapshot } = await this.get(eventId);
    const rendered = snapshot.renderLayout();
    const entry = this.entries.get(eventId);
    if (entry) entry.layout = { rendered, expiresAt: this.now() + this.layoutMaxAgeMs };
    return { rendered, hit: false };
  }

  /** A ticket of this event changed: reload on the next request after `minRefreshMs`. */
  markStale(eventId: string): void {
    this.shared?.invalidate(eventId);
    const entry = this.entries.get(eventId);
    if (!entry) return;
    entry.gen += 1;
    entry.stale = true;
  }

  /** The event itself changed (catalog): forget everything about it. */
  drop(eventId: string): void {
    this.shared?.invalidate(eventId);
    this.entries.delete(eventId);
  }

  clear(): void {
    this.entries.clear();
  }

  private reload(eventId: string, existing: Entry | undefined): Promise<EventSnapshot> {
    if (existing?.loading) return existing.loading;
    const entry: Entry = existing ?? { gen: 0, stale: true, builtAt: 0, expiresAt: 0, loadMs: 0, holdExpiresAt: 0 };
    if (!existing) this.insert(eventId, entry);
    const genAtStart = entry.gen;
    const started = performance.now();
    const loading = this.loadSnapshot(eventId).then(
      ({ snapshot, builtAt }) => {
        entry.loadMs = performance.now() - started;
        entry.snapshot = snapshot;
        entry.builtAt = builtAt;
        entry.holdExpiresAt = snapshot.holdExpiresAt;
        entry.expiresAt = Math.min(builtAt + this.maxAgeMs, entry.holdExpiresAt);
        entry.stale = entry.gen !== genAtStart;
        entry.loading = undefined;
        return snapshot;
      },
      (error: unknown) => {
        entry.loading = undefined;
        if (!entry.snapshot) this.entries.delete(eventId);
        throw error;
      },
    );
    entry.loading = loading;
    return loading;
  }

  /**
   * The view from the shared cache when another process built it since the last change, else
   * from the store (then shared, after the answer: rendering is not put on this request's path).
   * `builtAt` is when the view was read from the store, which bounds its age.
   */
  private async loadSnapshot(eventId: string): Promise<{ snapshot: EventSnapshot; builtAt: number }> {
    let token: string | null = null;
    if (this.shared) {
      try {
        const found = await this.shared.read(eventId);
        if (found.view && this.now() < found.view.holdExpiresAt) return { snapshot: EventSnapshot.shared(found.view), builtAt: found.view.builtAt };
        token = found.token;
      } catch {
        token = null; // Redis unavailable: the store answers, nothing is shared
      }
    }
    // The token was read before the store: a change after this point replaces it, so what is stored is never served past it.
    const builtAt = this.now();
    const snapshot = EventSnapshot.of(await this.load(eventId));
    if (this.shared && token !== null) {
      const shared = this.shared;
      const ttlMs = Math.min(snapshot.ticketCount >= this.backgroundAtTickets ? Math.max(this.maxAgeMs, EXPENSIVE_MAX_AGE_MS) : this.maxAgeMs, snapshot.holdExpiresAt - this.now());
      setImmediate(() => {
        if (ttlMs <= 0) return;
        const view = { full: snapshot.full.body, availability: snapshot.availability.body, ticketCount: snapshot.ticketCount, holdExpiresAt: snapshot.holdExpiresAt, builtAt };
        shared.write(eventId, token, view, ttlMs).catch(() => undefined);
      });
    }
    return { snapshot, builtAt };
  }

  private insert(eventId: string, entry: Entry): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(eventId, entry);
  }
}
