import type { BoxOffice, DomainEvent } from '@boxoffice/sdk';
import type { WebSocket } from 'ws';
import type { Metrics } from '../metrics.js';
import { layoutOrder } from '../views/compact.js';
import { LiveChannel } from './channel.js';

export interface LiveHubOptions {
  /** How often changes are pushed, coalesced (clamped to 100–250 ms; default 100). */
  flushIntervalMs?: number;
  /** How often a watched event is re-read to heal missed bus messages and silent expiries (default 10 s). */
  resyncIntervalMs?: number;
  /** A client with more than this many bytes unsent is too slow and is dropped (default 4 MiB). */
  maxBufferedBytes?: number;
  /** Ping period; a client that has not answered the previous ping is dropped (default 30 s). */
  heartbeatMs?: number;
}

/** Close codes sent to live clients. */
export const CLOSE = { shutdown: 1001, tooSlow: 1008, error: 1011 } as const;

/**
 * The live seat maps of this process: one channel per watched event, fed by the event bus
 * (so by every process when the bus is Redis), flushed to each event's sockets as one
 * serialized diff per interval whatever the number of clients.
 */
export class LiveHub {
  private readonly channels = new Map<string, Promise<LiveChannel>>();
  private readonly ready = new Map<string, LiveChannel>();
  private readonly flushIntervalMs: number;
  private readonly resyncIntervalMs: number;
  private readonly maxBufferedBytes: number;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly alive = new WeakSet<WebSocket>();
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
    this.unsubscribe = boxOffice.subscribe((event) => this.onDomainEvent(event));
    this.timers.push(setInterval(() => this.flush(), this.flushIntervalMs));
    this.timers.push(setInterval(() => void this.resyncAll(), this.resyncIntervalMs));
    this.timers.push(setInterval(() => this.heartbeat(), options.heartbeatMs ?? 30_000));
    for (const timer of this.timers) timer.unref();
  }

  /** Loads (or joins) the event's channel; rejects (NOT_FOUND...) before any socket is accepted. */
  async channel(eventId: string): Promise<LiveChannel> {
    let pending = this.channels.get(eventId);
    if (!pending) {
      const channel = new LiveChannel(eventId);
      this.ready.set(eventId, channel);
      pending = this.boxOffice.getEvent(eventId).then(
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
    this.alive.add(socket);
    this.metrics.wsClients.inc();
    socket.on('pong', () => this.alive.add(socket));
    socket.on('message', (data) => {
      // The one request a client makes: a fresh snapshot, after it saw a gap in the sequence.
      if (data.toString().slice(0, 100).includes('"snapshot"')) this.send(socket, JSON.stringify(channel.snapshot()));
    });
    socket.on('close', () => {
      if (!channel.clients.delete(socket)) return;
      this.metrics.wsClients.dec();
      if (channel.clients.size === 0) this.forget(channel.eventId);
    });
    socket.on('error', () => socket.terminate());
    this.send(socket, JSON.stringify(channel.snapshot()));
  }

  /** Pushes every channel's pending changes now (the timer calls it every flush interval). */
  flush(): void {
    for (const channel of this.ready.values()) {
      const diff = channel.takeDiff();
      if (!diff || channel.clients.size === 0) continue;
      // Encoded once for every client (a text frame either way).
      const message = Buffer.from(JSON.stringify(diff));
      this.metrics.wsDiffs.inc();
      for (const socket of channel.clients) this.send(socket, message);
    }
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
    this.ready.get(event.eventId)?.apply(event.changes);
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
          channel.finishResync(await this.boxOffice.getTickets(channel.eventId));
        } catch {
          channel.finishResync([]);
        }
      }),
    );
  }

  private heartbeat(): void {
    for (const channel of this.ready.values()) {
      for (const socket of channel.clients) {
        if (!this.alive.has(socket)) {
          socket.terminate();
          continue;
        }
        this.alive.delete(socket);
        socket.ping();
      }
    }
  }

  private forget(eventId: string): void {
    this.channels.delete(eventId);
    this.ready.delete(eventId);
  }
}

/**
 * Sends a text frame unless the client has more than `maxBufferedBytes` unsent: a client
 * that reads too slowly is closed (it reconnects and resyncs) rather than buffered without bound.
 */
export function sendBounded(socket: WebSocket, message: string | Buffer, maxBufferedBytes: number, reason: string): void {
  if (socket.readyState !== socket.OPEN) return;
  if (socket.bufferedAmount > maxBufferedBytes) {
    socket.close(CLOSE.tooSlow, reason);
    return;
  }
  socket.send(message, { binary: false });
}
