import { Account } from './account.js';
import { api, messageOf } from './api.js';
import { Checkout } from './checkout.js';
import { byId, h, pageData } from './dom.js';
import { dateTime, money } from './format.js';
import { LiveAvailability } from './live.js';
import { SeatModel, type CompactLayout } from './seat-map/model.js';
import { SeatMapView } from './seat-map/render.js';
import { WaitingRoom } from './waiting-room.js';

/** What the server put in the page (see src/web/pages.ts: EventSummary). */
interface EventSummary {
  id: string;
  title: string;
  description: string;
  type: string;
  status: string;
  startsAt: string;
  venue: { name: string; address: string; city: string; country: string };
  performers: { name: string; genre: string | null }[];
  prices: Record<string, number>;
  currency: string;
  maxTicketsPerUser: number | null;
  queued: boolean;
  guest: boolean;
}

function renderDetails(e: EventSummary, tiers: readonly string[] = Object.keys(e.prices)): void {
  byId('details').replaceChildren(
    h('p', { class: 'kicker' }, `${e.type}${e.status === 'SCHEDULED' ? '' : ` · ${e.status.toLowerCase()}`}`),
    h('h1', {}, e.title),
    h('p', { class: 'when' }, h('time', { datetime: e.startsAt }, dateTime(e.startsAt))),
    h('p', { class: 'where' }, `${e.venue.name}, ${e.venue.address}, ${e.venue.city} (${e.venue.country})`),
    e.performers.length ? h('p', { class: 'who' }, 'With ', e.performers.map((p) => p.name).join(', ')) : '',
    e.description ? h('p', { class: 'description' }, e.description) : '',
    h(
      'ul',
      { class: 'tiers', 'aria-label': 'Price tiers' },
      ...Object.entries(e.prices).map(([tier, price]) => h('li', {}, h('span', { class: `swatch tier-${Math.max(0, tiers.indexOf(tier)) % 6}`, 'aria-hidden': 'true' }), `${tier}: ${money(price, e.currency)}`)),
    ),
  );
}

async function main(): Promise<void> {
  const event = pageData<EventSummary>();
  renderDetails(event);
  const account = new Account(byId('account'), event.guest);
  const mapHost = byId('seat-map-host');
  const liveStatus = byId('live-status');
  const soldOutBanner = byId('sold-out');

  const layout = await api<CompactLayout>(`/events/${encodeURIComponent(event.id)}/layout`);
  const model = new SeatModel(layout);
  renderDetails(event, model.tiers); // the same colour for a tier in the list and on the map
  let admissionToken: string | undefined;
  let view: SeatMapView | undefined;

  const checkout = new Checkout(byId('checkout'), {
    eventId: event.id,
    model,
    session: () => account.ensure(),
    admissionToken: () => admissionToken,
    redraw: (indexes) => {
      for (const i of indexes) view?.refresh(i);
    },
  });
  view = new SeatMapView(mapHost, model, {
    toggle: (i) => checkout.toggle(i),
    isSelected: (i) => checkout.selected.has(i),
    isMine: (i) => checkout.isMine(i),
  });

  let soldOut = false;
  let room: WaitingRoom | undefined;
  const showSoldOut = () => {
    soldOut = true;
    soldOutBanner.hidden = false;
    room?.stop(); // nothing to wait for
    checkout.setEnabled(false, 'This event is sold out.');
  };
  const checkSoldOut = () => {
    if (!soldOut && model.soldOut()) showSoldOut();
  };

  // Availability: the live socket's snapshot, then its diffs.
  const live = new LiveAvailability(event.id, {
    snapshot: (statuses) => {
      if (!model.applySnapshot(statuses)) {
        // The layout changed under us (the catalog was edited): start again from fresh data.
        location.reload();
        return;
      }
      view?.refreshAll();
      for (const i of checkout.selected) checkout.seatChanged(i);
      checkSoldOut();
    },
    change: (id, letter) => {
      const i = model.applyChange(id, letter);
      if (i === undefined) return;
      view?.refresh(i);
      checkout.seatChanged(i);
    },
    changed: checkSoldOut,
    connection: (state) => {
      liveStatus.textContent = state === 'live' ? 'Live: seats update as others buy.' : 'Reconnecting…';
      liveStatus.dataset.state = state;
    },
  });
  window.addEventListener('pagehide', () => live.close());

  if (!event.queued) return;
  // The waiting room: booking opens only with an admission token.
  checkout.setEnabled(false, 'Booking opens when it is your turn in the waiting room.');
  const roomHost = byId('waiting-room');
  roomHost.hidden = false;
  room = new WaitingRoom(roomHost, event.id, {
    admitted: (token) => {
      admissionToken = token;
      if (!soldOut) checkout.setEnabled(true);
    },
    soldOut: showSoldOut,
    noQueue: () => {
      if (!soldOut) checkout.setEnabled(true);
    },
  });
  const waiting = room;
  const join = () => {
    const session = account.session;
    if (session && !soldOut) void waiting.join(session);
  };
  if (account.session) join();
  else {
    waiting.showSignIn(() => account.signIn(), event.guest);
    account.onSignIn(join);
  }
}

main().catch((error: unknown) => {
  const host = document.getElementById('seat-map-host');
  if (host) host.replaceChildren(h('p', { class: 'error', role: 'alert' }, `The seat map could not be loaded: ${messageOf(error)}`));
});
