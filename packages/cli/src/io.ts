/** Where a command writes, and what it knows about the terminal. Tests pass a fake. */
export interface Writer {
  write(chunk: string): unknown;
}

export interface Io {
  /** Data: tables, seat maps, JSON. */
  readonly stdout: Writer;
  /** Messages: progress, notices, errors. */
  readonly stderr: Writer;
  /** True when stdout is a terminal: tables and colour are for terminals only. */
  readonly isTTY: boolean;
  /** True when stderr is a terminal: progress bars redraw there, else they print plain lines. */
  readonly stderrIsTTY?: boolean;
  /** True when stdin is a terminal (a person may be there to answer prompts). */
  readonly stdinIsTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The terminal's width, when stdout is one. */
  readonly columns?: number | undefined;
}

/** The real process's streams. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/** Writes a line (adds the newline). */
export function println(writer: Writer, line = ''): void {
  writer.write(`${line}\n`);
}
