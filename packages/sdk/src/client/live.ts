import type { WebSocket } from 'ws';
import type { QueueUpdate } from '../domain/queue-views.js';
import type { DomainEvent } from '../domain/types.js';
import { LiveSequence, SNAPSHOT_REQUEST, type LiveDiffMessage, type LiveServerMessage, type LiveSnapshotMessage } from '../protocol/live.js';
import type { HttpTransport } from './transport.js';

/** A snapshot as the watch hands it over (the protocol's message; see protocol/live.ts). */
export type LiveSnapshot = Omit<LiveSnapshotMessage, 'type' | 'legend'>;
/** A diff as the watch hands it over. */
export type LiveDiff = Omit<LiveDiffMessage, 'type'>;

export interface EventWatchHandlers {
  onSnapshot(snapshot: LiveSnapshot): void;
  onDiff(diff: LiveDiff): void;
  onError?(error: Error): void;
  /** The server closed the socket (1001: shutting down; 1008: read too slowly, sent too many messages or its token expired, as `reason` says). */
  onClose?(code: number, reason: string): void;
}

export interface EventWatch {
  close(): void;
}

async function open(http: HttpTransport, path: string): Promise<WebSocket> {
  const { WebSocket } = await import('ws');
  return new WebSocket(http.wsUrl(path), { headers: http.token ? { authorization: `Bearer ${http.token}` } : {}, perMessageDeflate: false });
}

/**
 * Closes a socket in any state. `ws` answers a close of a socket still connecting with an
 * 'error' event ("closed before the connection was established"), which, with no listener,
 * would crash the process: a client closed right after it started listening.
 */
function closeQuietly(ws: WebSocket): void {
  ws.on('error', () => undefined);
  ws.close(1000, 'done');
}

/**
 * One event's live seat map. A diff whose sequence number is not the next one means messages
 * were lost: the watch asks for a fresh snapshot and drops diffs until it arrives.
 */
export function watchEvent(http: HttpTransport, eventId: string, handlers: EventWatchHandlers): EventWatch {
  let socket: WebSocket | undefined;
  let closed = false;
  const sequence = new LiveSequence();
  open(http, `/events/${encodeURIComponent(eventId)}/live`).then(
    (ws) => {
      socket = ws;
      if (closed) return closeQuietly(ws);
      ws.on('message', (data) => {
        let message: LiveServerMessage;
        try {
          message = JSON.parse(data.toString()) as LiveServerMessage;
        } catch {
          return;
        }
        const verdict = sequence.accept(message);
        if (verdict === 'resync') ws.send(SNAPSHOT_REQUEST);
        else if (verdict === 'apply' && message.type === 'snapshot') handlers.onSnapshot(message);
        else if (verdict === 'apply' && message.type === 'diff') handlers.onDiff(message);
      });
      ws.on('unexpected-response', (_request, response) => {
        handlers.onError?.(new Error(`the server refused the live connection: HTTP ${response.statusCode}`));
        response.resume();
      });
      // Closing a watch that was still connecting is not an error of the watch.
      ws.on('error', (error) => {
        if (!closed) handlers.onError?.(error);
      });
      ws.on('close', (code, reason) => {
        if (!closed) handlers.onClose?.(code, reason.toString());
      });
    },
    (error: unknown) => handlers.onError?.(error as Error),
  );
  return {
    close() {
      closed = true;
      if (socket) closeQuietly(socket);
    },
  };
}

/**
 * Every domain event of the deployment, and the queue updates this token may see (its own
 * admissions; an admin's: everyone's), over `WS /live` (a token is needed). At-most-once, as
 * the event-bus port: updates while disconnected are lost; the feed reconnects by itself while
 * anyone listens.
 */
export class LiveFeed {
  private readonly listeners = new Set<(event: DomainEvent) => void>();
  private readonly queueListeners = new Set<(update: QueueUpdate) => void>();
  private socket: WebSocket | undefined;
  private connecting = false;
  private retryMs = 250;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly http: HttpTransport) {}

  subscribe(listener: (event: DomainEvent) => void): () => void {
    return this.add(this.listeners, listener);
  }

  subscribeQueue(listener: (update: QueueUpdate) => void): () => void {
    return this.add(this.queueListeners, listener);
  }

  close(): void {
    this.closed = true;
    this.listeners.clear();
    this.queueListeners.clear();
    this.disconnect();
  }

  private get listening(): boolean {
    return this.listeners.size + this.queueListeners.size > 0;
  }

  private add<T>(set: Set<(value: T) => void>, listener: (value: T) => void): () => void {
    set.add(listener);
    this.ensure();
    return () => {
      set.delete(listener);
      if (!this.listening) this.disconnect();
    };
  }

  private dispatch(message: { type?: unknown }): void {
    const targets: Set<(value: never) => void> =
      message.type === 'tickets.changed' ? this.listeners : typeof message.type === 'string' && message.type.startsWith('queue.') ? this.queueListeners : new Set();
    for (const listener of targets) {
      try {
        listener(message as never);
      } catch {
        // A listener's failure is its own.
      }
    }
  }

  private ensure(): void {
    if (this.closed || this.socket || this.connecting || !this.listening) return;
    this.connecting = true;
    open(this.http, '/live').then(
      (ws) => {
        this.connecting = false;
        if (this.closed || !this.listening) return closeQuietly(ws);
        this.socket = ws;
        ws.on('open', () => (this.retryMs = 250));
        ws.on('message', (data) => {
          try {
            const message = JSON.parse(data.toString()) as { type?: unknown } | null;
            if (message !== null && typeof message === 'object') this.dispatch(message);
          } catch {
            // Not JSON: not ours.
          }
        });
        ws.on('unexpected-response', (_request, response) => response.resume());
        ws.on('error', () => undefined);
        ws.on('close', () => {
          this.socket = undefined;
          this.retryLater();
        });
      },
      () => {
        this.connecting = false;
        this.retryLater();
      },
    );
  }

  private retryLater(): void {
    if (this.closed || !this.listening || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.ensure();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
  }

  private disconnect(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.socket) closeQuietly(this.socket);
    this.socket = undefined;
  }
}
