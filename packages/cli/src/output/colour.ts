import type { Io } from '../io.js';

/** Text styles: ANSI colour on a terminal, plain text otherwise or with NO_COLOR set. */
export interface Style {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
  cyan(text: string): string;
  magenta(text: string): string;
}

/** Colour only on a TTY, and never when NO_COLOR is set to a non-empty value (no-color.org). */
export function colourEnabled(io: Io): boolean {
  const noColor = io.env.NO_COLOR;
  return io.isTTY && (noColor === undefined || noColor === '');
}

export function styleFor(io: Io): Style {
  const on = colourEnabled(io);
  const sgr = (open: number, close: number) => (text: string) => (on ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    enabled: on,
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    red: sgr(31, 39),
    cyan: sgr(36, 39),
    magenta: sgr(35, 39),
  };
}
