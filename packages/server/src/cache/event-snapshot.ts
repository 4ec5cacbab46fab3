import { publicEventView, type EventView, type Ticket } from '@boxoffice/sdk';
import { compactAvailability, compactLayout, layoutOrder } from '../views/compact.js';
import { Rendered } from './rendered.js';

/** A view rendered by some process and shared through Redis: its bytes and what the cache reads of it. */
export interface SharedView {
  /** The seed's full view (`GET /events/:id`), JSON. */
  readonly full: Buffer;
  /** The compact availability (`GET /events/:id/availability`), JSON. */
  readonly availability: Buffer;
  readonly ticketCount: number;
  /** The earliest expiry of a hold the view shows (epoch ms; Infinity when none). */
  readonly holdExpiresAt: number;
  /** When the view was read from the store (epoch ms, the builder's clock). */
  readonly builtAt: number;
}

/**
 * One loaded event view and the responses rendered from it, each on first demand. Built from
 * the store's view, or from a view another process rendered (then the view object itself is
 * parsed only if something needs it: the layout, the web page).
 */
export class EventSnapshot {
  private loadedView: EventView | undefined;
  private orderedTickets: Ticket[] | undefined;
  private renderedFull: Rendered | undefined;
  private renderedAvailability: Rendered | undefined;
  private renderedTickets: Rendered | undefined;
  readonly ticketCount: number;
  readonly holdExpiresAt: number;
  /** True when the bytes came from the shared (Redis) cache rather than this process's store read. */
  readonly fromShared: boolean;
  /** Milliseconds spent loading and rendering this snapshot so far: what a rebuild costs. */
  cost = 0;

  private constructor(source: { view: EventView } | { shared: SharedView }) {
    if ('view' in source) {
      this.loadedView = source.view;
      this.ticketCount = source.view.tickets.length;
      this.holdExpiresAt = earliestHoldExpiry(source.view);
      this.fromShared = false;
    } else {
      this.renderedFull = new Rendered(source.shared.full);
      this.renderedAvailability = new Rendered(source.shared.availability);
      this.ticketCount = source.shared.ticketCount;
      this.holdExpiresAt = source.shared.holdExpiresAt;
      this.fromShared = true;
    }
  }

  /** Every response of a snapshot is public: the view loses whose holds and bookings took the seats. */
  static of(view: EventView): EventSnapshot {
    return new EventSnapshot({ view: publicEventView(view) });
  }

  static shared(shared: SharedView): EventSnapshot {
    return new EventSnapshot({ shared });
  }

  private timed<T>(work: () => T): T {
    const started = performance.now();
    try {
      return work();
    } finally {
      this.cost += performance.now() - started;
    }
  }

  get view(): EventView {
    this.loadedView ??= this.timed(() => JSON.parse(this.renderedFull!.body.toString('utf8')) as EventView);
    return this.loadedView;
  }
  get ordered(): Ticket[] {
    this.orderedTickets ??= this.timed(() => layoutOrder(this.view));
    return this.orderedTickets;
  }
  get full(): Rendered {
    this.renderedFull ??= this.timed(() => Rendered.json(this.view));
    return this.renderedFull;
  }
  get availability(): Rendered {
    this.renderedAvailability ??= this.timed(() => Rendered.json(compactAvailability(this.view.id, this.ordered)));
    return this.renderedAvailability;
  }
  /** The event's tickets (`GET /events/:id/tickets`), from the same view: as fresh as the others. */
  get tickets(): Rendered {
    this.renderedTickets ??= this.timed(() => Rendered.json(this.view.tickets));
    return this.renderedTickets;
  }
  renderLayout(): Rendered {
    return this.timed(() => Rendered.json(compactLayout(this.view, this.ordered)));
  }
}

function earliestHoldExpiry(view: EventView): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const t of view.tickets) {
    if (t.status === 'RESERVED' && t.reservedUntil !== null) {
      const at = Date.parse(t.reservedUntil);
      if (at < earliest) earliest = at;
    }
  }
  return earliest;
}
