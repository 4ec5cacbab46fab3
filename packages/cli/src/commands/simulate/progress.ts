import type { SimulationProgress } from '@boxoffice/sdk';
import type { Io } from '../../io.js';

const LINE_EVERY_MS = 2000;

export const count = (n: number) => Math.round(n).toLocaleString('en-US');

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** One line of progress: arrived, waiting, admitted (queue), holding, sold, holds/s, p99. */
export function progressLine(p: SimulationProgress, queue: boolean): string {
  return [
    seconds(p.elapsedMs).padStart(8),
    `arrived ${count(p.arrived)}`,
    `waiting ${count(p.waiting)}`,
    ...(queue ? [`admitted ${count(p.admitted)}`] : []),
    `in flight ${count(p.inFlight)}`,
    `holding ${count(p.holding)}`,
    `sold ${count(p.sold)}/${count(p.seats)}`,
    `holds/s ${count(p.holdsPerSecond)}`,
    `p99 hold ${p.p99HoldMs.toFixed(1)} ms`,
    ...(p.soldOut ? ['SOLD OUT'] : []),
  ].join('  ');
}

/**
 * Progress on stderr: one line rewritten in place when stderr is a terminal, a line every
 * 2 s otherwise (logs and pipes), and always the final state.
 */
export function progressPrinter(io: Io, queue: boolean): { update(p: SimulationProgress): void; done(): void } {
  const stderr = io.stderr as { isTTY?: boolean; columns?: number };
  const tty = stderr.isTTY === true;
  // A line longer than the terminal wraps, and `\r` would then redraw only its last part.
  const width = Math.max(20, (stderr.columns ?? io.columns ?? 80) - 1);
  let lastLine = Number.NEGATIVE_INFINITY;
  let latest: SimulationProgress | null = null;
  let drawn = false;
  return {
    update(p) {
      latest = p;
      if (tty) {
        const line = progressLine(p, queue);
        io.stderr.write(`\r\u001b[2K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
        drawn = true;
      } else if (p.elapsedMs - lastLine >= LINE_EVERY_MS) {
        lastLine = p.elapsedMs;
        io.stderr.write(`${progressLine(p, queue)}\n`);
      }
    },
    done() {
      if (tty && drawn) io.stderr.write('\n');
      else if (!tty && latest && latest.elapsedMs !== lastLine) io.stderr.write(`${progressLine(latest, queue)}\n`);
    },
  };
}
