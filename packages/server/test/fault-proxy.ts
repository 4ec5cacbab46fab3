import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * What the proxy does with one request (plans are taken in the order requests arrive, on any connection):
 * - `pass`: forwards both ways;
 * - `reset`: resets the client's connection on the request's head (the request never reaches the server);
 * - `drop-answer`: forwards the request, lets the server answer it, then resets the client's
 *   connection instead of forwarding the answer (the request was done, its answer lost);
 * - `503`: answers the request itself with a bare 503 and `Retry-After`, as a load balancer
 *   with no healthy server does, and closes the connection.
 */
export type ConnectionPlan = 'pass' | 'reset' | 'drop-answer' | { status: 503; retryAfterSeconds: number };

/** One request as the proxy saw it go by: its request line and headers (lower-case names). */
export interface SeenRequest {
  readonly connection: number;
  readonly line: string;
  readonly headers: Record<string, string>;
}

/** One answer the server sent through the proxy (forwarded or dropped): its status and headers. */
export interface SeenAnswer {
  readonly connection: number;
  readonly status: number;
  readonly headers: Record<string, string>;
}

/**
 * A real TCP proxy in front of a server, on a free loopback port, that misbehaves as scripted
 * for the next requests, then passes everything: the network faults a remote client meets
 * (resets, lost answers, a balancer's 503), on real sockets.
 */
export class FaultProxy {
  readonly requests: SeenRequest[] = [];
  readonly answers: SeenAnswer[] = [];
  connections = 0;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private plans: ConnectionPlan[] = [];

  private constructor(private readonly target: { host: string; port: number }) {
    this.server = createServer((client) => this.handle(client));
  }

  static async start(targetUrl: string): Promise<FaultProxy> {
    const url = new URL(targetUrl);
    const proxy = new FaultProxy({ host: url.hostname, port: Number(url.port) });
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /** The plans for the next requests; any after them pass. Forgets what was seen so far. */
  script(...plans: ConnectionPlan[]): void {
    this.plans = plans;
    this.requests.length = 0;
    this.answers.length = 0;
    this.connections = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }

  private handle(client: Socket): void {
    this.track(client);
    const connection = ++this.connections;
    const upstream = this.track(createConnection(this.target));
    let dropAnswer = false;
    client.on('data', (chunk) => {
      const head = parseHead(chunk);
      if (!head) {
        upstream.write(chunk);
        return;
      }
      this.requests.push({ connection, line: head.line, headers: head.headers });
      const plan = this.plans.shift() ?? 'pass';
      if (plan === 'reset') {
        client.resetAndDestroy();
        upstream.destroy();
      } else if (typeof plan === 'object') {
        client.end(`HTTP/1.1 ${plan.status} Service Unavailable\r\nretry-after: ${plan.retryAfterSeconds}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
        upstream.destroy();
      } else {
        dropAnswer = plan === 'drop-answer';
        upstream.write(chunk);
      }
    });
    upstream.on('data', (chunk) => {
      const head = parseHead(chunk);
      if (head && head.line.startsWith('HTTP/')) this.answers.push({ connection, status: Number(head.line.split(' ')[1]), headers: head.headers });
      if (dropAnswer) {
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  }
}

function parseHead(chunk: Buffer): { line: string; headers: Record<string, string> } | undefined {
  const text = chunk.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [line, ...fields] = text.slice(0, end).split('\r\n');
  if (line === undefined || !/^(HTTP\/1\.1 \d{3}|[A-Z]+ \S+ HTTP\/1\.1)/.test(line)) return undefined;
  const headers: Record<string, string> = {};
  for (const field of fields) {
    const colon = field.indexOf(':');
    if (colon > 0) headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
  }
  return { line, headers };
}
