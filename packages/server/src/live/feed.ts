import type { BoxOffice, TokenClaims } from '@boxoffice/sdk';
import type { WebSocket } from 'ws';
import type { Metrics } from '../metrics.js';
import { CLOSE, closeAbusive, sendBounded } from './hub.js';
import { MessageThrottle } from './message-throttle.js';

type QueueUpdate = Parameters<Parameters<BoxOffice['queue']['subscribe']>[0]>[0];

/**
 * `WS /live`: every domain event of the deployment as it is announced (the remote client's
 * `subscribe`), and queue updates — everyone sees an admission move the counter, but each
 * admission token reaches only its user (and admins). Token holders only; at-most-once, like the bus it
 * reads; a client that reads too slowly is dropped rather than buffered without bound.
 */
export class DomainFeed {
  private readonly sockets = new Map<WebSocket, TokenClaims>();
  private readonly unsubscribe: Array<() => void>;
  private closed = false;

  constructor(
    boxOffice: BoxOffice,
    private readonly metrics: Metrics,
    /** A client with more than this many bytes unsent is dropped (default 4 MiB, as for the event channels). */
    private readonly maxBufferedBytes = 4 * 1024 * 1024,
  ) {
    this.unsubscribe = [
      boxOffice.subscribe((event) => {
        if (this.sockets.size === 0) return;
        const message = JSON.stringify(event);
        for (const socket of this.sockets.keys()) this.send(socket, message);
      }),
      boxOffice.queue.subscribe((update) => this.onQueueUpdate(update)),
    ];
  }

  private onQueueUpdate(update: QueueUpdate): void {
    if (this.sockets.size === 0) return;
    if (update.type !== 'queue.admitted') {
      // Which process re-created a queue is the server's business, not the clients'.
      const message = JSON.stringify(update.type === 'queue.reset' ? { ...update, detectedHere: undefined } : update);
      for (const socket of this.sockets.keys()) this.send(socket, message);
      return;
    }
    const everything = JSON.stringify(update);
    // Serialised once for all, plus once per admitted user connected here: not once per socket.
    const counterOnly = JSON.stringify({ ...update, admitted: [] });
    const own = new Map<string, string>();
    for (const a of update.admitted) own.set(a.userId, JSON.stringify({ ...update, admitted: [a] }));
    for (const [socket, claims] of this.sockets) {
      this.send(socket, claims.role === 'admin' ? everything : (own.get(claims.userId) ?? counterOnly));
    }
  }

  private send(socket: WebSocket, message: string): void {
    sendBounded(socket, message, this.maxBufferedBytes, 'too slow');
  }

  add(socket: WebSocket, claims: TokenClaims): void {
    if (this.closed) {
      socket.close(CLOSE.shutdown, 'server shutting down');
      return;
    }
    this.sockets.set(socket, claims);
    this.metrics.wsClients.inc();
    socket.on('error', () => socket.terminate());
    // The feed expects nothing from its clients: a flood of frames is closed like on the event channels.
    const throttle = new MessageThrottle();
    socket.on('message', () => {
      const verdict = throttle.take(performance.now());
      if (verdict.kind === 'abuse') closeAbusive(socket);
      // Nothing to answer, but the slot must free up for the count to stay fair.
      if (verdict.kind === 'defer') setTimeout(() => throttle.answeredDeferred(performance.now()), verdict.waitMs).unref();
    });
    socket.on('close', () => {
      if (this.sockets.delete(socket)) this.metrics.wsClients.dec();
    });
  }

  close(reason = 'server shutting down'): void {
    this.closed = true;
    for (const stop of this.unsubscribe) stop();
    for (const socket of this.sockets.keys()) socket.close(CLOSE.shutdown, reason);
  }
}
