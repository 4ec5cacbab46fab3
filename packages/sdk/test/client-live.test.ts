import { WebSocketServer, type WebSocket } from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type LiveDiff, type LiveSnapshot } from '../src/index.js';

/** The remote client's live watch against a scripted server: sequence gaps trigger a fresh snapshot. */
describe('remote client: watchEvent', () => {
  let wss: WebSocketServer | undefined;
  /** Closed after each test, pass or fail: an open client socket would keep wss.close waiting. */
  let closeClient: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeClient?.();
    await new Promise<void>((resolve) => (wss ? wss.close(() => resolve()) : resolve()));
  });

  it('asks for a snapshot when it sees a gap, and drops diffs until it comes', async () => {
    const requests: string[] = [];
    let server!: WebSocket;
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    const connected = new Promise<void>((resolve) =>
      wss!.on('connection', (ws, request) => {
        server = ws;
        requests.push(`${request.url} ${request.headers.authorization ?? ''}`);
        ws.on('message', (m) => requests.push(m.toString()));
        resolve();
      }),
    );
    await new Promise<void>((resolve) => wss!.once('listening', () => resolve()));
    const port = (wss.address() as { port: number }).port;
    const bo = connect(`http://127.0.0.1:${port}`, { token: 'tok' });
    const snapshots: LiveSnapshot[] = [];
    const diffs: LiveDiff[] = [];
    const watch = bo.watchEvent('evt_abc', { onSnapshot: (s) => snapshots.push(s), onDiff: (d) => diffs.push(d) });
    closeClient = async () => {
      watch.close();
      await bo.close();
    };
    await connected;
    const send = (m: unknown) => server.send(JSON.stringify(m));
    send({ type: 'snapshot', eventId: 'evt_abc', seq: 4, count: 2, statuses: 'AA' });
    send({ type: 'diff', eventId: 'evt_abc', seq: 5, changes: [['tkt_a', 'R']] });
    send({ type: 'diff', eventId: 'evt_abc', seq: 7, changes: [['tkt_b', 'S']] }); // 6 was lost
    send({ type: 'diff', eventId: 'evt_abc', seq: 8, changes: [['tkt_a', 'A']] }); // dropped: resyncing
    send({ type: 'snapshot', eventId: 'evt_abc', seq: 8, count: 2, statuses: 'AS' });
    send({ type: 'diff', eventId: 'evt_abc', seq: 9, changes: [['tkt_a', 'S']] });
    // Up to 10 s: a loaded machine may take a while to deliver the frames.
    for (let i = 0; i < 1000 && (diffs.length < 2 || requests.length < 2); i += 1) await new Promise((r) => setTimeout(r, 10));
    expect(requests).toEqual(['/events/evt_abc/live Bearer tok', JSON.stringify({ type: 'snapshot' })]);
    expect(snapshots.map((s) => s.seq)).toEqual([4, 8]);
    expect(diffs.map((d) => d.seq)).toEqual([5, 9]);
  });
});
