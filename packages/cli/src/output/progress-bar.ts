import type { Io } from '../io.js';

/** A progress report on stderr: a redrawn bar on a terminal, a plain line now and then otherwise. */
export interface Progress {
  update(done: number): void;
  /** Clears the bar (a terminal) and stops reporting. */
  finish(): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly total: number;
  /** What is counted: "events". */
  readonly unit: string;
  /** Without a terminal: at most one line this often (default 3 s), so logs stay readable. */
  readonly plainEveryMs?: number;
  readonly now?: () => number;
}

const BAR_WIDTH = 24;
/** Redraws at most this often: a faster bar only costs CPU. */
const REDRAW_MS = 100;

export function createProgress(io: Io, options: ProgressOptions): Progress {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const tty = io.stderrIsTTY === true;
  const every = tty ? REDRAW_MS : (options.plainEveryMs ?? 3000);
  let last = started;
  let drawn = false;
  let finished = false;
  const number = (n: number) => n.toLocaleString('en-US');

  const line = (done: number): string => {
    const share = options.total === 0 ? 1 : Math.min(1, done / options.total);
    const seconds = (now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 && done < options.total ? ` ETA ${Math.ceil((options.total - done) / rate)}s` : '';
    const text = `${options.label} ${number(done)}/${number(options.total)} ${options.unit} (${Math.floor(share * 100)}%), ${number(Math.round(rate))}/s${eta}`;
    if (!tty) return text;
    const filled = Math.round(share * BAR_WIDTH);
    return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${text}`;
  };

  return {
    update(done) {
      if (finished) return;
      const t = now();
      if (t - last < every && done < options.total) return;
      last = t;
      if (tty) {
        io.stderr.write(`\r\u001b[2K${line(done)}`);
        drawn = true;
      } else {
        io.stderr.write(`${line(done)}\n`);
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      if (tty && drawn) io.stderr.write('\r\u001b[2K');
    },
  };
}
