import { waitOnBoard, type QueueBoard } from '@boxoffice/sdk/protocol';
import { api, ApiError, messageOf } from './api.js';
import { h } from './dom.js';
import { clock, roughDuration } from './format.js';
import type { Session } from './session.js';

/** What the queue routes answer (the SDK's QueueTicket). */
interface QueueTicket {
  state: 'prequeue' | 'waiting' | 'admitted' | 'ended' | 'lost' | 'left';
  number: number | null;
  position: number | null;
  counter: number;
  estimatedWait: { low: number; high: number | null } | null;
  soldOut: boolean;
  paused: boolean;
  onSaleAt: string | null;
  admissionToken: string | null;
  tokenExpiresAt: string | null;
  /** Signed proof of this place: joining again with it after a queue reset gives it back. */
  receipt: string | null;
}

type FeedMessage =
  | { type: 'queue.admitted'; eventId: string; counter: number; admitted: { userId: string; admissionToken: string; tokenExpiresAt: string }[] }
  | { type: 'queue.inventory'; eventId: string; inventory: string }
  | { type: 'queue.reset'; eventId: string; generation: number; resetAt: string };

export interface WaitingRoomHandlers {
  /** The visitor's turn: booking opens with this admission token. */
  admitted(token: string, expiresAt: string): void;
  soldOut(): void;
  /** The event has no (enabled) queue after all: booking opens without one. */
  noQueue(): void;
}

const POLL_MS = 2000;
/** The user's own record is asked for this often besides (lost, ended), or when the board says it is their turn. */
const OWN_POLL_MS = 30_000;
const HEARTBEAT_MS = 5000;

/**
 * The waiting room of a queued event: join, show the position and the estimated wait with
 * its band, and move on by itself on "your turn". Positions follow the admitted counter over
 * `WS /live` (position = number − counter); polling `queue/me` is the fallback, heartbeats
 * keep the place.
 */
export class WaitingRoom {
  private ticket: QueueTicket | undefined;
  private timers: number[] = [];
  private socket: WebSocket | undefined;
  private done = false;
  private rejoining = false;
  private receipt: string | null = null;
  /** The queue's generation when the page first saw the board: a new one means it was re-created. */
  private generation: number | null = null;

  constructor(
    private readonly host: HTMLElement,
    private readonly eventId: string,
    private readonly handlers: WaitingRoomHandlers,
  ) {}

  /** Before sign-in: say what is going on and offer the way in. */
  showSignIn(signIn: () => Promise<unknown>, guest: boolean): void {
    const button = h('button', { type: 'button', 'data-testid': 'queue-guest' }, 'Continue as guest to join the queue');
    const error = h('p', { class: 'error', role: 'alert' });
    button.addEventListener('click', () => {
      signIn().catch((e: unknown) => (error.textContent = messageOf(e)));
    });
    this.host.replaceChildren(
      h('h2', {}, 'Waiting room'),
      h('p', {}, 'Tickets for this event are sold through a waiting room: join the line, and the page moves on by itself when it is your turn.'),
      guest ? button : h('p', {}, 'Sign in with a token (top of the page) to join the line.'),
      error,
    );
  }

  async join(session: Session): Promise<void> {
    const base = `/events/${encodeURIComponent(this.eventId)}/queue`;
    try {
      this.ticket = await api<QueueTicket>(`${base}/join`, { method: 'POST', token: session.token });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'SOLD_OUT') return this.finish(() => this.handlers.soldOut());
      if (error instanceof ApiError && error.code === 'QUEUE_DISABLED') return this.finish(() => this.handlers.noQueue());
      if (error instanceof ApiError && error.code === 'QUEUE_ALREADY_ADMITTED') {
        this.ticket = await api<QueueTicket>(`${base}/me`, { token: session.token });
      } else {
        this.render(messageOf(error));
        return;
      }
    }
    this.update(this.ticket);
    if (this.done) return;
    this.listen(session);
    this.timers.push(
      // The public board (the same for everyone, so a CDN serves it) moves the line; the user's
      // own record only when the board says it is their turn, and now and then besides.
      window.setInterval(() => void this.followBoard(session), POLL_MS),
      window.setInterval(() => this.refresh(session), OWN_POLL_MS),
      window.setInterval(() => void api(`${base}/heartbeat`, { method: 'POST', token: session.token }).catch(() => undefined), HEARTBEAT_MS),
    );
  }

  /** The user's own record (their state, and the admission token once admitted). */
  private refresh(session: Session): void {
    const base = `/events/${encodeURIComponent(this.eventId)}/queue`;
    api<QueueTicket>(`${base}/me`, { token: session.token }).then(
      (t) => this.update(t),
      (error: unknown) => (error instanceof ApiError && error.code === 'QUEUE_RESET' ? void this.rejoin(session) : this.render(messageOf(error))),
    );
  }

  /** One look at the board: position = number − counter, without a request of the user's own. */
  private async followBoard(session: Session): Promise<void> {
    let board: QueueBoard;
    try {
      // No token: the answer is the same for everyone and may come from a cache.
      board = await api<QueueBoard>(`/events/${encodeURIComponent(this.eventId)}/queue`);
    } catch {
      return; // the next look, the socket or the user's own record will tell
    }
    const t = this.ticket;
    if (this.done || !t) return;
    if (this.generation === null) this.generation = board.generation;
    if (board.generation !== this.generation) {
      this.generation = board.generation;
      return void this.rejoin(session);
    }
    if (board.soldOut) return this.update({ ...t, soldOut: true });
    if (t.state !== 'waiting' || t.number === null) return;
    const { position, estimatedWait } = waitOnBoard(t.number, board);
    if (position === 0) return this.refresh(session);
    this.update({ ...t, counter: board.counter, position, estimatedWait, paused: board.paused });
  }

  private listen(session: Session): void {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/live?access_token=${encodeURIComponent(session.token)}`);
    this.socket = socket;
    socket.addEventListener('message', (e) => {
      let message: FeedMessage;
      try {
        message = JSON.parse(String(e.data)) as FeedMessage;
      } catch {
        return;
      }
      if (message.eventId !== this.eventId || !this.ticket) return;
      if (message.type === 'queue.reset') return void this.rejoin(session);
      if (message.type === 'queue.inventory') {
        if (message.inventory === 'sold_out') this.update({ ...this.ticket, soldOut: true });
        return;
      }
      if (message.type !== 'queue.admitted') return;
      const mine = message.admitted.find((a) => a.userId === session.userId);
      if (mine) return this.update({ ...this.ticket, state: 'admitted', position: 0, admissionToken: mine.admissionToken, tokenExpiresAt: mine.tokenExpiresAt });
      if (this.ticket.state === 'waiting' && this.ticket.number !== null) {
        // One counter broadcast moves everyone: position = number − counter.
        const position = Math.max(0, this.ticket.number - message.counter);
        const scale = this.ticket.position ? position / this.ticket.position : 1;
        const wait = this.ticket.estimatedWait;
        this.update({ ...this.ticket, counter: message.counter, position, estimatedWait: wait ? { low: Math.floor(wait.low * scale), high: wait.high === null ? null : Math.ceil(wait.high * scale) } : null });
      }
    });
  }

  /**
   * The queue lost its data and was re-created (Redis restarted empty): join again with the
   * receipt of the last ticket, which gives the same place back.
   */
  private async rejoin(session: Session): Promise<void> {
    if (this.rejoining || this.done) return;
    this.rejoining = true;
    try {
      const base = `/events/${encodeURIComponent(this.eventId)}/queue`;
      const body = this.receipt === null ? undefined : { receipt: this.receipt };
      this.update(await api<QueueTicket>(`${base}/join`, { method: 'POST', token: session.token, ...(body ? { body } : {}) }));
    } catch (error) {
      this.render(messageOf(error));
    } finally {
      this.rejoining = false;
    }
  }

  private update(ticket: QueueTicket): void {
    if (this.done) return;
    this.ticket = ticket;
    if (ticket.receipt) this.receipt = ticket.receipt;
    if (ticket.soldOut) return this.finish(() => this.handlers.soldOut());
    if (ticket.state === 'admitted' && ticket.admissionToken) {
      const token = ticket.admissionToken;
      const expires = ticket.tokenExpiresAt ?? '';
      return this.finish(() => this.handlers.admitted(token, expires), true);
    }
    this.render();
  }

  /** Stop waiting (the page learnt of a sell-out another way): no more polls or heartbeats. */
  stop(): void {
    if (!this.done) this.finish(() => undefined);
  }

  private finish(then: () => void, yourTurn = false): void {
    this.done = true;
    for (const t of this.timers) window.clearInterval(t);
    this.socket?.close(1000, 'done waiting');
    if (yourTurn) {
      const expires = this.ticket?.tokenExpiresAt ? Date.parse(this.ticket.tokenExpiresAt) : undefined;
      this.host.replaceChildren(
        h('h2', {}, 'Waiting room'),
        h('p', { class: 'your-turn', role: 'status', 'data-testid': 'your-turn' }, "It's your turn! Choose your seats below", expires ? ` within ${clock((expires - Date.now()) / 1000)}.` : '.'),
      );
    } else this.host.hidden = true;
    then();
  }

  private render(error = ''): void {
    const t = this.ticket;
    const lines: (HTMLElement | string)[] = [];
    if (t?.state === 'prequeue') {
      lines.push(h('p', {}, 'You are in the pre-queue. ', t.onSaleAt ? `At ${new Date(t.onSaleAt).toLocaleTimeString()} everyone here is given a place in a random draw.` : ''));
    } else if (t?.state === 'waiting') {
      const wait = t.estimatedWait;
      const band = !wait ? 'unknown' : wait.high === null ? `at least ${roughDuration(wait.low)}` : `${roughDuration(wait.low)} – ${roughDuration(wait.high)}`;
      lines.push(
        // position = number − counter: 1 is the front of the line.
        h('p', { class: 'position' }, 'Your place in line: ', h('strong', { 'data-testid': 'queue-position' }, String(t.position ?? '?')), t.position === 1 ? ' (you are next).' : '.'),
        h('p', {}, 'Estimated wait: ', h('strong', { 'data-testid': 'queue-wait' }, band), '.'),
        t.paused ? h('p', {}, 'Admission is paused for a moment; you keep your place.') : '',
        h('p', { class: 'hint' }, 'Keep this page open: it moves on by itself when it is your turn.'),
      );
    } else if (t?.state === 'lost' || t?.state === 'left' || t?.state === 'ended') {
      lines.push(h('p', {}, t.state === 'lost' ? 'You lost your place (the page was not heard from). Reload to join again at the back.' : 'You are no longer in the line.'));
    } else {
      lines.push(h('p', {}, 'Joining the line…'));
    }
    this.host.replaceChildren(h('h2', {}, 'Waiting room'), h('div', { 'aria-live': 'polite', 'data-testid': 'waiting-room' }, ...lines), h('p', { class: 'error', role: 'alert' }, error));
  }
}
