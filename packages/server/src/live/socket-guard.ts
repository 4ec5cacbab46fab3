import { BoxOfficeError, type TokenClaims } from '@boxoffice/sdk';
import type { WebSocket } from 'ws';
import { problem, type Problem } from '../problem.js';

export interface LiveLimitOptions {
  /** Live sockets one client address may hold open at once (default 50); the next upgrade gets 429. */
  maxSocketsPerIp?: number;
  /** Live sockets this process holds open at once (default 20,000); the next upgrade gets 503. */
  maxSockets?: number;
  /** Ping period; a client that has not answered the previous ping is dropped (default 30 s). */
  heartbeatMs?: number;
}

const DEFAULT_PER_IP = 50;
const DEFAULT_PER_PROCESS = 20_000;
/** Close code for a socket whose token expired: a policy violation, not an error of the server. */
export const CLOSE_TOKEN_EXPIRED = 1008;
/** setTimeout's longest delay (~24.8 days); a later expiry is re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * What every live socket of this process (event channels and the `/live` feed) is held to:
 * a cap per client address and per process, checked before the upgrade (so a flood of
 * upgrades cannot exhaust the process's file descriptors and starve `/healthz`), ping/pong
 * heartbeats that drop dead peers, and a close when the socket's token expires (a token
 * must not buy a socket that outlives it; anonymous sockets see only public data and stay).
 */
export class SocketGuard {
  private readonly perIp = new Map<string, number>();
  private total = 0;
  private readonly maxPerIp: number;
  private readonly maxTotal: number;
  private readonly alive = new WeakSet<WebSocket>();
  private readonly sockets = new Set<WebSocket>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(options: LiveLimitOptions = {}) {
    this.maxPerIp = positive(options.maxSocketsPerIp, DEFAULT_PER_IP, 'live.maxSocketsPerIp');
    this.maxTotal = positive(options.maxSockets, DEFAULT_PER_PROCESS, 'live.maxSockets');
    this.heartbeat = setInterval(() => this.ping(), positive(options.heartbeatMs, 30_000, 'live.heartbeatMs'));
    this.heartbeat.unref();
  }

  /**
   * Reserves a slot for an upgrade from `address` (before any async work, so a burst of
   * upgrades cannot all pass the check together): a release function, or the problem to answer.
   * The release is idempotent: call it when the TCP socket closes, whatever became of the upgrade.
   */
  reserve(address: string): { release: () => void } | { refused: Problem } {
    const held = this.perIp.get(address) ?? 0;
    if (held >= this.maxPerIp) {
      return { refused: problem('RATE_LIMITED', `too many live sockets from this address (${this.maxPerIp}); close some first`, { details: { limit: this.maxPerIp, scope: 'ip' } }) };
    }
    if (this.total >= this.maxTotal) {
      return { refused: problem('UNAVAILABLE', 'this server holds as many live sockets as it may; retry later or on another server', { details: { limit: this.maxTotal, scope: 'process' } }) };
    }
    this.perIp.set(address, held + 1);
    this.total += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.perIp.get(address) ?? 1) - 1;
        if (left <= 0) this.perIp.delete(address);
        else this.perIp.set(address, left);
      },
    };
  }

  /** Watches an accepted socket: heartbeats, and its token's expiry when it has one. */
  track(socket: WebSocket, claims?: TokenClaims): void {
    this.sockets.add(socket);
    this.alive.add(socket);
    socket.on('pong', () => this.alive.add(socket));
    let expiry: NodeJS.Timeout | undefined;
    const armExpiry = (): void => {
      if (!claims) return;
      const left = claims.expiresAt - Date.now();
      if (left <= 0) {
        socket.close(CLOSE_TOKEN_EXPIRED, 'token expired: reconnect with a fresh token');
        return;
      }
      expiry = setTimeout(armExpiry, Math.min(left, MAX_TIMER_MS));
      expiry.unref();
    };
    armExpiry();
    socket.once('close', () => {
      clearTimeout(expiry);
      this.sockets.delete(socket);
    });
  }

  close(): void {
    clearInterval(this.heartbeat);
  }

  private ping(): void {
    for (const socket of this.sockets) {
      if (!this.alive.has(socket)) {
        // No pong since the last ping: the peer is gone (or never reads); free its socket now.
        socket.terminate();
        continue;
      }
      this.alive.delete(socket);
      if (socket.readyState === socket.OPEN) socket.ping();
    }
  }
}

function positive(value: number | undefined, fallback: number, field: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new BoxOfficeError('VALIDATION', `${field}: must be a whole number of at least 1`, { field });
  return value;
}
