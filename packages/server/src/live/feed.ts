import type { BoxOffice, TokenClaims } from '@boxoffice/sdk';
import type { WebSocket } from 'ws';
import type { Metrics } from '../metrics.js';
import { CLOSE } from './hub.js';

const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

type QueueUpdate = Parameters<Parameters<BoxOffice['queue']['subscribe']>[0]>[0];

/**
 * `WS /live`: every domain event of the deployment as it is announced (the remote client's
 * `subscribe`), and queue updates — admissions only to the admitted user (they carry the
 * admission token), everything to admins. Token holders only; at-most-once, like the bus it
 * reads; a client that reads too slowly is dropped rather than buffered without bound.
 */
export class DomainFeed {
  private readonly sockets = new Map<WebSocket, TokenClaims>();
  private readonly unsubscribe: Array<() => void>;
  private closed = false;

  constructor(boxOffice: BoxOffice, private readonly metrics: Metrics) {
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
      const message = JSON.stringify(update);
      for (const socket of this.sockets.keys()) this.send(socket, message);
      return;
    }
    const everything = JSON.stringify(update);
    for (const [socket, claims] of this.sockets) {
      if (claims.role === 'admin') {
        this.send(socket, everything);
        continue;
      }
      // Everyone learns the counter moved; only the admitted user sees their own token.
      const admitted = update.admitted.filter((a) => a.userId === claims.userId);
      this.send(socket, JSON.stringify({ ...update, admitted }));
    }
  }

  private send(socket: WebSocket, message: string): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) socket.close(CLOSE.tooSlow, 'too slow');
    else socket.send(message);
  }

  add(socket: WebSocket, claims: TokenClaims): void {
    if (this.closed) {
      socket.close(CLOSE.shutdown, 'server shutting down');
      return;
    }
    this.sockets.set(socket, claims);
    this.metrics.wsClients.inc();
    socket.on('error', () => socket.terminate());
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
