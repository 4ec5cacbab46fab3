import { signToken } from '@boxoffice/sdk';
import { SECRET } from '../helpers.js';

/**
 * A simulated on-sale over plain HTTP (no client retries, so every status the server gives is
 * seen): each worker holds a best-available seat and confirms it, again and again, until
 * stopped. Every answer is tallied by route and status; a request that gets no answer within
 * `requestTimeoutMs` is tallied as `timeout` (a hang), a dropped socket as `network`.
 */
export interface LoadTally {
  /** e.g. `hold 201`, `confirm 503`, `hold timeout` → count */
  readonly counts: Map<string, number>;
  /** Problem codes of 4xx/5xx answers, e.g. `hold SEAT_UNAVAILABLE`. */
  readonly codes: Map<string, number>;
  /** Booking ids confirmed (201): each must still be there after the fault. */
  readonly confirmed: string[];
  /** When (Date.now()) each successful hold answered. */
  readonly holdOkAt: number[];
}

export interface Load {
  readonly tally: LoadTally;
  stop(): Promise<void>;
}

const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export function count(tally: LoadTally, key: string): number {
  return tally.counts.get(key) ?? 0;
}

/** Statuses seen other than the expected ones (2xx, a business 409, 503). */
export function unexpected(tally: LoadTally): string[] {
  return [...tally.counts.keys()].filter((k) => !/ (201|409|503)$/.test(k));
}

export async function request(url: string, body: unknown, token: string, timeoutMs: number): Promise<{ status: number | 'timeout' | 'network'; json: Record<string, unknown> }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch (error) {
    return { status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network', json: {} };
  }
}

export function startLoad(options: { urls: readonly string[]; eventIds: readonly string[]; workers: number; requestTimeoutMs?: number; confirm?: boolean }): Load {
  const tally: LoadTally = { counts: new Map(), codes: new Map(), confirmed: [], holdOkAt: [] };
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  let running = true;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const worker = async (w: number) => {
    for (let i = 0; running; i++) {
      const base = options.urls[(w + i) % options.urls.length]!;
      const eventId = options.eventIds[(w + i) % options.eventIds.length]!;
      const userId = `buyer${w}x${i}`;
      const token = signToken(SECRET, { userId });
      const hold = await request(`${base}/holds`, { eventId, best: { quantity: 1 } }, token, timeoutMs);
      bump(tally.counts, `hold ${hold.status}`);
      if (typeof hold.json.code === 'string') bump(tally.codes, `hold ${hold.json.code}`);
      if (hold.status !== 201) {
        await pause(hold.status === 409 ? 200 : 50);
        continue;
      }
      tally.holdOkAt.push(Date.now());
      if (options.confirm === false) continue;
      const confirm = await request(`${base}/holds/${String(hold.json.id)}/confirm`, { paymentDetails: { token: 'tok_visa' } }, token, timeoutMs);
      bump(tally.counts, `confirm ${confirm.status}`);
      if (typeof confirm.json.code === 'string') bump(tally.codes, `confirm ${confirm.json.code}`);
      if (confirm.status === 201) tally.confirmed.push(String(confirm.json.bookingId ?? confirm.json.id));
      else await pause(50);
    }
  };
  const done = Promise.all(Array.from({ length: options.workers }, (_, w) => worker(w)));
  return {
    tally,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

export function describeTally(tally: LoadTally): string {
  return JSON.stringify({ counts: Object.fromEntries(tally.counts), codes: Object.fromEntries(tally.codes), confirmed: tally.confirmed.length });
}

/** Polls `probe` every 100 ms until it is true; resolves with the ms it took, or rejects after `limitMs`. */
export async function within(limitMs: number, probe: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await probe().catch(() => false)) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`not within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
