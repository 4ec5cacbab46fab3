import type { BoxOffice, DomainEvent } from '@boxoffice/sdk';
import type { WebSocket } from 'ws';
import type { Metrics } from '../metrics.js';
import { layoutOrder } from '../views/compact.js';
import { LiveChannel } from './channel.js';
import { MessageThrottle, type MessageThrottleOptions } from './message-throttle.js';

export interface LiveHubOptions extends MessageThrottleOptions {
  /**
   * The least time between two diffs of one event, and the longest a change waits (clamped to
   * 100–250 ms; default 100). The first change after a quiet interval goes out at once.
   */
  flushIntervalMs?: number;
  /** How often a watched event is re-read to heal missed bus messages and silent expiries (default 10 s). */
  resyncIntervalMs?: number;
  /** A client with more than this many bytes unsent is too slow and is dropped (default 4 MiB). */
  maxBufferedBytes?: number;
}

/** Close codes sent to live clients. */
export const CLOSE = { shutdown: 1001, tooSlow: 1008, policy: 1008, error: 1011 } as const;

/**
 * The live seat maps of this process: one channel per watched event, fed by the event bus
 * (so by every process when the bus is Redis), flushed to each event's sockets as one
 * serialized diff whatever the number of clients.
 *
 * Flushes are leading-edge, per channel: a change to an event that sent no diff in the last
 * interval is sent at once (after the current event-loop turn, so the changes of one turn
 * share a diff); a change arriving sooner waits for the interval's end, together with every
 * other change meanwhile. So diffs of one event are at least an interval apart (one per
 * interval under a sustained burst), and no change waits longer than an interval: a quiet
 * event's first change does not pay the 0–interval wait that a fixed timer adds.
 */
export class LiveHub {
  private readonly channels = new Map<string, Promise<LiveChannel>>();
  private readonly ready = new Map<string, LiveChannel>();
  private readonly flushIntervalMs: number;
  private readonly resyncIntervalMs: number;
  private readonly maxBufferedBytes: number;
  private readonly throttle: MessageThrottleOptions;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Channels with a flush due (at once, or at the end of their interval), and its timer. */
  private readonly due = new Map<LiveChannel, NodeJS.Timeout | NodeJS.Immediate>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly boxOffice: BoxOffice,
    private readonly metrics: Metrics,
    options: LiveHubOptions = {},
  ) {
    this.flushIntervalMs = Math.min(250, Math.max(100, options.flushIntervalMs ?? 100));
    this.resyncIntervalMs = options.resyncIntervalMs ?? 10_000;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.throttle = { messageIntervalMs: options.messageIntervalMs, maxIgnoredMessages: options.maxIgnoredMessages };
    this.unsubscribe = boxOffice.subscribe((event) => this.onDomainEvent(event));
    this.timers.push(setInterval(() => void this.resyncAll(), this.resyncIntervalMs));
    for (const timer of this.timers) timer.unref();
  }

  /** Loads (or joins) the event's channel; rejects (NOT_FOUND...) before any socket is accepted. */
  async channel(eventId: string): Promise<LiveChannel> {
    let pending = this.channels.get(eventId);
    if (!pending) {
      const channel = new LiveChannel(eventId);
      this.ready.set(eventId, channel);
      pending = this.boxOffice.events.get(eventId).then(
        (view) => {
          channel.init(layoutOrder(view));
          return channel;
        },
        (error: unknown) => {
          this.forget(eventId);
          throw error;
        },
      );
      this.channels.set(eventId, pending);
    }
    return pending;
  }

  /**
   * Adds a socket to the event's channel: it gets the snapshot now and every diff after. (The
   * channel is looked up again: the one the upgrade loaded may have been dropped meanwhile.)
   */
  join(eventId: string, socket: WebSocket): void {
    this.channel(eventId).then(
      (channel) => this.attach(channel, socket),
      () => socket.close(CLOSE.error, 'could not load the event'),
    );
  }

  private attach(channel: LiveChannel, socket: WebSocket): void {
    if (this.closed) {
      socket.close(CLOSE.shutdown, 'server shutting down');
      return;
    }
    if (socket.readyState !== socket.OPEN) return;
    channel.clients.add(socket);
    this.metrics.wsClients.inc();
    const throttle = new MessageThrottle(this.throttle);
    let deferred: NodeJS.Timeout | undefined;
    socket.on('message', (data) => {
      // The one request a client makes: a fresh snapshot, after it saw a gap in the sequence.
      const asksSnapshot = data.toString().slice(0, 100).includes('"snapshot"');
      const verdict = throttle.take(performance.now());
      if (verdict.kind === 'abuse') return closeAbusive(socket);
      if (verdict.kind === 'answer' && asksSnapshot) this.send(socket, channel.snapshotMessage());
      if (verdict.kind === 'defer') {
        deferred = setTimeout(() => {
          throttle.answeredDeferred(performance.now());
          if (asksSnapshot) this.send(socket, channel.snapshotMessage());
        }, verdict.waitMs);
      }
    });
    socket.on('close', () => {
      clearTimeout(deferred);
      if (!channel.clients.delete(socket)) return;
      this.metrics.wsClients.dec();
      if (channel.clients.size === 0) this.forget(channel.eventId);
    });
    socket.on('error', () => socket.terminate());
    this.send(socket, channel.snapshotMessage());
  }

  /** Pushes every channel's pending changes now (on close). */
  flush(): void {
    for (const channel of this.ready.values()) this.flushChannel(channel);
  }

  /** Arranges a flush of a channel with pending changes: at once after a quiet interval, else at its end. */
  private schedule(channel: LiveChannel): void {
    if (this.closed || !channel.hasPending || this.due.has(channel)) return;
    const wait = channel.lastDiffAt + this.flushIntervalMs - performance.now();
    const run = () => {
      this.due.delete(channel);
      this.flushChannel(channel);
    };
    // setImmediate, not a synchronous send: the other changes of this event-loop turn join the diff.
    this.due.set(channel, wait <= 0 ? setImmediate(run) : setTimeout(run, wait));
  }

  private cancelFlush(channel: LiveChannel): void {
    const timer = this.due.get(channel);
    if (timer === undefined) return;
    clearTimeout(timer as NodeJS.Timeout);
    clearImmediate(timer as NodeJS.Immediate);
    this.due.delete(channel);
  }

  private flushChannel(channel: LiveChannel): void {
    this.cancelFlush(channel);
    const diff = channel.takeDiff(performance.now());
    if (!diff || channel.clients.size === 0) return;
    // Serialised and encoded once for every client (a text frame either way).
    const message = Buffer.from(JSON.stringify(diff));
    this.metrics.wsDiffs.inc();
    for (const socket of channel.clients) this.send(socket, message);
  }

  /** Closes every socket with a reason and stops the timers. */
  async close(reason = 'server shutting down'): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const timer of this.timers) clearInterval(timer);
    this.flush();
    for (const channel of this.ready.values()) {
      for (const socket of channel.clients) socket.close(CLOSE.shutdown, reason);
    }
  }

  private onDomainEvent(event: DomainEvent): void {
    const channel = this.ready.get(event.eventId);
    if (!channel) return;
    channel.apply(event.changes);
    this.schedule(channel);
  }

  private send(socket: WebSocket, message: string | Buffer): void {
    sendBounded(socket, message, this.maxBufferedBytes, 'too slow: reconnect and take a fresh snapshot');
  }

  private async resyncAll(): Promise<void> {
    // Channels nobody watches (an upgrade that died half-way) are dropped.
    for (const channel of this.ready.values()) if (channel.ready && channel.clients.size === 0) this.forget(channel.eventId);
    await Promise.all(
      [...this.ready.values()].filter((c) => c.ready && c.clients.size > 0).map(async (channel) => {
        channel.beginResync();
        try {
          channel.finishResync(await this.boxOffice.events.tickets(channel.eventId));
        } catch {
          channel.finishResync([]);
        }
        this.schedule(channel);
      }),
    );
  }

  private forget(eventId: string): void {
    const channel = this.ready.get(eventId);
    if (channel) this.cancelFlush(channel);
    this.channels.delete(eventId);
    this.ready.delete(eventId);
  }
}

/** How long a socket closed for reading too slowly may take to flush before it is cut. */
const SLOW_CLOSE_GRACE_MS = 2000;

/** Closes a socket that keeps sending messages past its throttle (a policy violation). */
export function closeAbusive(socket: WebSocket): void {
  if (socket.readyState === socket.OPEN) socket.close(CLOSE.policy, 'too many messages: at most one snapshot request a second');
}

/**
 * Sends a text frame unless the client would then have more than `maxBufferedBytes` unsent:
 * a client that reads too slowly is closed (it reconnects and resyncs) rather than buffered
 * without bound. Its close frame queues behind what it has not read, so a reader that has
 * stopped would keep that buffer for ws's 30 s close timeout: it is cut after a short grace.
 */
export function sendBounded(socket: WebSocket, message: string | Buffer, maxBufferedBytes: number, reason: string): void {
  if (socket.readyState !== socket.OPEN) return;
  const size = typeof message === 'string' ? Buffer.byteLength(message) : message.length;
  if (socket.bufferedAmount + size > maxBufferedBytes) {
    socket.close(CLOSE.tooSlow, reason);
    const cut = setTimeout(() => socket.terminate(), SLOW_CLOSE_GRACE_MS);
    cut.unref();
    socket.once('close', () => clearTimeout(cut));
    return;
  }
  socket.send(message, { binary: false });
}
