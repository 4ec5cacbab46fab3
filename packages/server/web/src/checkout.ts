import { api, ApiError, messageOf } from './api.js';
import { h } from './dom.js';
import { clock, money } from './format.js';
import type { SeatModel } from './seat-map/model.js';
import type { Session } from './session.js';

interface Hold {
  id: string;
  ticketIds: string[];
  total: number;
  currency: string;
  status: string;
  expiresAt: string;
}

interface Booking {
  id: string;
  ticketIds: string[];
  total: number;
  currency: string;
  status: string;
  createdAt: string;
}

export interface CheckoutContext {
  readonly eventId: string;
  readonly model: SeatModel;
  /** A session, signing in as a guest first when the server allows it. */
  session(): Promise<Session>;
  /** The queue's admission token, on a queued event once admitted. */
  admissionToken(): string | undefined;
  /** Seats changed hands (selection cleared, hold taken or released): redraw them. */
  redraw(indexes: Iterable<number>): void;
}

/** Test payment tokens the built-in test gateway understands (a declared test double). */
const TEST_TOKENS: readonly [string, string][] = [
  ['tok_visa', 'Test Visa (pays)'],
  ['tok_mastercard', 'Test Mastercard (pays)'],
  ['tok_declined', 'Test card that is declined'],
];

/** Selection → hold (with a countdown) → payment → booking. */
export class Checkout {
  readonly selected = new Set<number>();
  private hold: Hold | undefined;
  private booking: Booking | undefined;
  private mine = new Set<number>();
  private timer: number | undefined;
  private busy = false;
  private enabled = true;
  private disabledReason = '';

  constructor(
    private readonly host: HTMLElement,
    private readonly ctx: CheckoutContext,
  ) {
    this.render();
  }

  isMine(i: number): boolean {
    return this.mine.has(i);
  }

  /** Booking closed (waiting room not passed yet, sold out): the panel says why. */
  setEnabled(enabled: boolean, reason = ''): void {
    this.enabled = enabled;
    this.disabledReason = reason;
    this.render();
  }

  toggle(i: number): void {
    if (!this.enabled || this.hold || this.booking) return;
    if (this.selected.has(i)) this.selected.delete(i);
    else this.selected.add(i);
    this.ctx.redraw([i]);
    this.render();
  }

  /** A seat turned non-available under the visitor's selection (someone else took it). */
  seatChanged(i: number): void {
    if (this.selected.has(i) && this.ctx.model.status(i) !== 'A') {
      this.selected.delete(i);
      this.render(`${this.ctx.model.describe(i)} was just taken by someone else.`);
    }
  }

  private async run(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.render();
    try {
      await work();
      this.render();
    } catch (error) {
      this.render(messageOf(error));
    } finally {
      this.busy = false;
      this.render(this.lastError);
    }
  }

  private lastError = '';

  private async takeHold(body: Record<string, unknown>): Promise<void> {
    const session = await this.ctx.session();
    const admissionToken = this.ctx.admissionToken();
    const hold = await api<Hold>('/holds', {
      method: 'POST',
      token: session.token,
      body: { eventId: this.ctx.eventId, ...body, ...(admissionToken ? { admissionToken } : {}) },
    });
    const before = [...this.selected];
    this.selected.clear();
    this.hold = hold;
    this.mine = new Set(hold.ticketIds.map((id) => this.ctx.model.indexOf(id)).filter((i): i is number => i !== undefined));
    // The server has them RESERVED now; show it before the live diff arrives.
    for (const id of hold.ticketIds) this.ctx.model.applyChange(id, 'R');
    this.ctx.redraw([...before, ...this.mine]);
    this.timer = window.setInterval(() => this.tick(), 1000);
    this.lastError = '';
  }

  private tick(): void {
    if (!this.hold) return;
    const left = (Date.parse(this.hold.expiresAt) - Date.now()) / 1000;
    const el = this.host.querySelector('[data-testid="hold-countdown"]');
    if (left <= 0) {
      this.dropHold('Your hold expired: the seats went back on sale.');
      return;
    }
    if (el) el.textContent = clock(left);
  }

  private dropHold(message = ''): void {
    window.clearInterval(this.timer);
    const mine = [...this.mine];
    this.hold = undefined;
    this.mine.clear();
    this.ctx.redraw(mine);
    this.render(message);
  }

  private async pay(token: string): Promise<void> {
    const hold = this.hold;
    if (!hold) return;
    const session = await this.ctx.session();
    try {
      const booking = await api<Booking>(`/holds/${encodeURIComponent(hold.id)}/confirm`, { method: 'POST', token: session.token, body: { paymentDetails: { token } } });
      window.clearInterval(this.timer);
      this.hold = undefined;
      this.booking = booking;
      this.lastError = '';
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'HOLD_EXPIRED' || error.code === 'HOLD_NOT_ACTIVE')) this.dropHold(error.message);
      throw error;
    }
  }

  private async release(): Promise<void> {
    const hold = this.hold;
    if (!hold) return;
    const session = await this.ctx.session();
    await api(`/holds/${encodeURIComponent(hold.id)}`, { method: 'DELETE', token: session.token });
    this.dropHold('Released: the seats are back on sale.');
  }

  private seatList(indexes: Iterable<number>): HTMLUListElement {
    const m = this.ctx.model;
    return h('ul', { class: 'seat-list' }, ...[...indexes].map((i) => h('li', {}, `${m.describe(i)} — ${money(m.price(i), m.layout.currency)}`)));
  }

  private renderBooking(booking: Booking, alert: HTMLElement): void {
    const seats = booking.ticketIds.map((id) => this.ctx.model.indexOf(id)).filter((i): i is number => i !== undefined);
    this.host.replaceChildren(
      h('h2', {}, 'Booked'),
      h(
        'div',
        { class: 'booking', role: 'status', 'data-testid': 'booking' },
        h('p', {}, 'Booking ', h('strong', { 'data-testid': 'booking-id' }, booking.id), ` is ${booking.status.toLowerCase()}.`),
        this.seatList(seats),
        h('p', {}, 'Paid ', h('strong', {}, money(booking.total, booking.currency)), ' with the test gateway (no real money moved).'),
      ),
      this.button('Book more seats', () => {
        const mine = [...this.mine];
        this.mine.clear();
        this.booking = undefined;
        this.ctx.redraw(mine);
        this.render('');
      }),
      alert,
    );
  }

  private button(label: string, onClick: () => void, attrs: Record<string, string> = {}): HTMLButtonElement {
    const b = h('button', { type: 'button', ...attrs, disabled: this.busy || 'disabled' in attrs }, label);
    b.addEventListener('click', onClick);
    return b;
  }

  render(error = this.lastError): void {
    this.lastError = error;
    const m = this.ctx.model;
    const alert = h('p', { class: 'error', role: 'alert', 'data-testid': 'checkout-error' }, error);
    if (this.booking) return this.renderBooking(this.booking, alert);
    if (this.hold) {
      const select = h('select', { id: 'pay-token', 'aria-label': 'Test payment token' }, ...TEST_TOKENS.map(([v, label]) => h('option', { value: v }, label)));
      const left = (Date.parse(this.hold.expiresAt) - Date.now()) / 1000;
      this.host.replaceChildren(
        h('h2', {}, 'Your hold'),
        h('p', { 'data-testid': 'hold' }, `${this.hold.ticketIds.length} seat(s) held for you for `, h('strong', { 'data-testid': 'hold-countdown', 'aria-live': 'off' }, clock(left)), '.'),
        this.seatList(this.mine),
        h('p', {}, 'Total ', h('strong', {}, money(this.hold.total, this.hold.currency))),
        h('label', { for: 'pay-token' }, 'Pay with '),
        select,
        h('div', { class: 'actions' }, this.button('Pay', () => void this.run(() => this.pay(select.value)), { 'data-testid': 'pay' }), this.button('Release', () => void this.run(() => this.release()))),
        alert,
      );
      return;
    }
    if (!this.enabled) {
      this.host.replaceChildren(h('h2', {}, 'Tickets'), h('p', { 'data-testid': 'checkout-closed' }, this.disabledReason), alert);
      return;
    }
    const total = [...this.selected].reduce((sum, i) => sum + m.price(i), 0);
    const quantity = h('input', { id: 'best-quantity', type: 'number', min: 1, max: 10, value: 2, inputmode: 'numeric' });
    this.host.replaceChildren(
      h('h2', {}, 'Tickets'),
      this.selected.size === 0
        ? h('p', {}, 'Pick seats on the map (click, or Tab to the map and use the arrow keys and Enter).')
        : h('div', {}, h('p', { 'data-testid': 'selection' }, `${this.selected.size} seat(s) selected, total ${money(total, m.layout.currency)}`), this.seatList(this.selected)),
      h(
        'div',
        { class: 'actions' },
        this.button(this.selected.size ? `Hold ${this.selected.size} selected seat(s)` : 'Hold selected seats', () => void this.run(() => this.takeHold({ ticketIds: [...this.selected].map((i) => m.id(i)) })), {
          'data-testid': 'hold-selected',
          ...(this.selected.size === 0 ? { disabled: '' } : {}),
        }),
      ),
      h(
        'div',
        { class: 'best' },
        h('label', { for: 'best-quantity' }, 'Or the best '),
        quantity,
        this.button('Find best seats', () => {
          const n = Number(quantity.value);
          if (!Number.isInteger(n) || n < 1 || n > 100) return this.render('Quantity: a whole number from 1 to 100.');
          void this.run(() => this.takeHold({ best: { quantity: n } }));
        }, { 'data-testid': 'hold-best' }),
      ),
      alert,
    );
  }
}
