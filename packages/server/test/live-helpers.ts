import { WebSocket, type ClientOptions } from 'ws';
import { listenUrl, testApp, type TestApp } from './helpers.js';

/** A WebSocket client that records every message, for tests. */
export class LiveClient {
  readonly messages: any[] = [];
  /** Bytes of every message received. */
  bytes = 0;
  private waiters: Array<() => void> = [];
  closeCode: number | undefined;
  closeReason = '';

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.bytes += (data as Buffer).length;
      this.messages.push(JSON.parse(data.toString()));
      for (const w of this.waiters.splice(0)) w();
    });
    // An error is followed by 'close', which the tests observe; unheard, it would crash the run.
    ws.on('error', () => {});
    ws.on('close', (code, reason) => {
      this.closeCode = code;
      this.closeReason = reason.toString();
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static connect(url: string, options: ClientOptions = {}): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, options);
      const client = new LiveClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, body })));
      });
      ws.once('error', reject);
    });
  }

  /** Resolves when a message matching `predicate` has arrived (or rejects after `timeoutMs`). */
  async waitFor(predicate: (m: any) => boolean, timeoutMs = 3000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message in ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async closed(timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.closeCode === undefined) {
      if (Date.now() > deadline) throw new Error('not closed');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.ws.close();
  }
}

/** A test app listening on a free loopback port, and the ws:// base URL of its live sockets. */
export async function listeningApp(options: Parameters<typeof testApp>[0] = {}): Promise<{ t: TestApp; base: string }> {
  const t = await testApp(options);
  return { t, base: (await listenUrl(t.app)).replace(/^http/, 'ws') };
}
