import WebSocket from 'ws';

/**
 * `n` WebSocket clients on `url(i)`, connected `batch` at a time; resolves when all are open
 * and, with `greeted` (the default), each has had its first message (a snapshot, a hello).
 */
export async function connectClients(n: number, url: (i: number) => string, options: { greeted?: boolean; batch?: number } = {}): Promise<FanoutClients> {
  const batch = options.batch ?? 250;
  const greeted = options.greeted ?? true;
  const sockets: WebSocket[] = [];
  const waiting = new Map<number, (t: number) => void>();
  let watch: ((i: number, message: string) => boolean) | null = null;
  for (let start = 0; start < n; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, n - start) }, (_, k) => {
        const i = start + k;
        return new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(url(i), { perMessageDeflate: false });
          sockets[i] = ws;
          let first = greeted;
          if (!greeted) ws.once('open', () => resolve());
          ws.on('message', (data) => {
            if (first) {
              first = false;
              resolve();
              return;
            }
            const done = waiting.get(i);
            if (done && watch?.(i, data.toString())) {
              waiting.delete(i);
              done(performance.now());
            }
          });
          ws.once('error', reject);
          ws.once('close', (code) => reject(new Error(`socket ${i} closed (${code}) before its first message`)));
        });
      }),
    );
  }
  return {
    size: sockets.length,
    /**
     * Arms every client with `matches`, runs `trigger`, and returns each client's delay (ms)
     * from just before `trigger` until its first matching message (Infinity after `timeoutMs`).
     */
    async measure(matches, trigger, timeoutMs = 10_000) {
      watch = matches;
      const arrivals = sockets.map((_, i) => new Promise<number>((resolve) => waiting.set(i, resolve)));
      const t0 = performance.now();
      const timer = setTimeout(() => {
        for (const [i, done] of waiting) {
          waiting.delete(i);
          done(Number.POSITIVE_INFINITY);
        }
      }, timeoutMs);
      await trigger();
      const times = await Promise.all(arrivals);
      clearTimeout(timer);
      watch = null;
      return times.map((t) => t - t0);
    },
    async close() {
      for (const ws of sockets) ws?.terminate();
    },
  };
}

export interface FanoutClients {
  readonly size: number;
  measure(matches: (i: number, message: string) => boolean, trigger: () => Promise<unknown>, timeoutMs?: number): Promise<number[]>;
  close(): Promise<void>;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
