import { mulberry32 } from '@boxoffice/sdk/catalog';
/**
 * A closed-loop load: `workers` concurrent loops each run `attempt` back to back until the
 * time is up or the work runs out. An attempt answers 'ok' (counted), 'refused' (a refusal the
 * scenario expects, e.g. a seat someone else took) or 'done' (nothing left: that loop stops).
 * Anything thrown is counted by its `code` (or message) and reported as unexpected.
 */
export type Outcome = 'ok' | 'refused' | 'done';

export interface LoadResult {
  readonly ok: number;
  readonly refused: number;
  readonly unexpected: Record<string, number>;
  /** Wall time from the first attempt to the end of the last one. */
  readonly seconds: number;
  /** True if the loops ran out of work before the time was up. */
  readonly exhausted: boolean;
  /** Successful operations per second. */
  readonly rate: number;
}

export async function runLoad(options: {
  workers: number;
  seconds: number;
  attempt: (worker: number) => Promise<Outcome>;
}): Promise<LoadResult> {
  let ok = 0;
  let refused = 0;
  let exhausted = false;
  const unexpected: Record<string, number> = {};
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const loop = async (worker: number): Promise<void> => {
    while (performance.now() < deadline) {
      let outcome: Outcome;
      try {
        outcome = await options.attempt(worker);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        const key = typeof code === 'string' ? code : error instanceof Error ? error.message.slice(0, 80) : String(error);
        unexpected[key] = (unexpected[key] ?? 0) + 1;
        continue;
      }
      if (outcome === 'done') {
        exhausted = true;
        return;
      }
      if (outcome === 'ok') ok++;
      else refused++;
    }
  };
  await Promise.all(Array.from({ length: options.workers }, (_, w) => loop(w)));
  const seconds = (performance.now() - started) / 1000;
  return { ok, refused, unexpected, seconds, exhausted, rate: ok / seconds };
}

/** A small seeded generator (mulberry32), so every contender sees the same request stream. */
export const seeded = mulberry32;

/**
 * Hands out items of a hot event in order (every buyer hammers the same rows and pages), and
 * with probability `overlap` an item handed out within the last `window` instead: two buyers
 * racing for the same seats, one of whom must be refused.
 */
export class HotSupply<T> {
  #next = 0;

  constructor(
    private readonly items: readonly T[],
    private readonly overlap: number,
    private readonly random: () => number,
    private readonly window = 32,
  ) {}

  take(): { item: T; repeat: boolean } | null {
    if (this.#next > 0 && this.random() < this.overlap) {
      const back = 1 + Math.floor(this.random() * Math.min(this.window, this.#next));
      return { item: this.items[this.#next - back]!, repeat: true };
    }
    if (this.#next >= this.items.length) return null;
    return { item: this.items[this.#next++]!, repeat: false };
  }

  get handedOut(): number {
    return this.#next;
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
