import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * The page's live-availability client (web/src/live.ts) over a real socket, against a
 * scripted server that loses a diff and drops the connection: what the real server only does
 * under message loss, made to happen on cue. `ws`'s WebSocket has the browser's API.
 */
interface LiveClient {
  gaps: number;
  close(): void;
}
type LiveCtor = new (
  eventId: string,
  handlers: { snapshot(s: string): void; change(id: string, letter: string): void; changed(): void; connection(state: string): void },
) => LiveClient;

let server: WebSocketServer;
let port: number;
let LiveAvailability: LiveCtor;
/** What the scripted server does with each new connection. */
let script: (socket: WebSocket) => void = () => undefined;

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as { port: number }).port;
  server.on('connection', (socket) => script(socket));
  const g = globalThis as Record<string, unknown>;
  g.WebSocket = WebSocket;
  g.location = { protocol: 'http:', host: `127.0.0.1:${port}` };
  // A browser module (DOM types): loaded by path so the Node typecheck does not read it.
  const path = '../web/src/live.js';
  ({ LiveAvailability } = (await import(path)) as { LiveAvailability: LiveCtor });
});
afterAll(async () => {
  for (const c of server.clients) c.terminate();
  await new Promise((resolve) => server.close(resolve));
});

function recorder() {
  const seen = { snapshots: [] as string[], changes: [] as string[], states: [] as string[] };
  return {
    seen,
    handlers: {
      snapshot: (s: string) => seen.snapshots.push(s),
      change: (id: string, letter: string) => seen.changes.push(`${id}=${letter}`),
      changed: () => undefined,
      connection: (state: string) => seen.states.push(state),
    },
  };
}

describe('live availability client', () => {
  it('applies diffs in sequence; on a gap it drops the diff and asks for a fresh snapshot', async () => {
    const asked: string[] = [];
    script = (socket) => {
      socket.on('message', (data) => {
        asked.push(String(data));
        socket.send(JSON.stringify({ type: 'snapshot', seq: 10, statuses: 'ARS' }));
        socket.send(JSON.stringify({ type: 'diff', seq: 11, changes: [['t0', 'S']] }));
      });
      socket.send(JSON.stringify({ type: 'snapshot', seq: 1, statuses: 'AAA' }));
      socket.send(JSON.stringify({ type: 'diff', seq: 2, changes: [['t1', 'R']] }));
      socket.send(JSON.stringify({ type: 'diff', seq: 4, changes: [['t2', 'S']] })); // seq 3 was lost
    };
    const { seen, handlers } = recorder();
    const client = new LiveAvailability('evt_x', handlers);
    await expect.poll(() => seen.changes.length).toBe(2);
    expect(seen.snapshots).toEqual(['AAA', 'ARS']);
    expect(seen.changes).toEqual(['t1=R', 't0=S']); // never t2=S from after the gap
    expect(asked).toEqual(['{"type":"snapshot"}']);
    expect(client.gaps).toBe(1);
    client.close();
  });

  it('reconnects after the socket drops and starts again from the new snapshot', async () => {
    let connections = 0;
    script = (socket) => {
      connections += 1;
      socket.send(JSON.stringify({ type: 'snapshot', seq: 1, statuses: connections === 1 ? 'AA' : 'RS' }));
      if (connections === 1) setTimeout(() => socket.terminate(), 50);
    };
    const { seen, handlers } = recorder();
    const client = new LiveAvailability('evt_x', handlers);
    await expect.poll(() => seen.snapshots, { timeout: 5000 }).toEqual(['AA', 'RS']);
    expect(seen.states).toEqual(['live', 'reconnecting', 'live']);
    client.close();
  });
});
