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
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
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

/**
 * `boxoffice … | head` closes the pipe before all output is written: the next write fails with
 * EPIPE, which would be an unhandled 'error' event (a crash with a stack trace). Whoever reads
 * has what it wanted, so the process ends quietly and at once, with the code a shell gives a
 * process stopped by SIGPIPE (128 + 13), as `cat file | head` does. Other write errors still throw.
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_CLOSED_PIPE);
    throw error;
  });
}

const EXIT_CLOSED_PIPE = 141;

/** Writes a line (adds the newline). */
export function println(writer: Writer, line = ''): void {
  writer.write(`${line}\n`);
}
