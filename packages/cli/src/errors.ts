import { BoxOfficeError, EXIT_CODE_BY_CODE, isBoxOfficeError } from '@boxoffice/sdk';
import { println, type Io } from './io.js';

/** Exit codes (documented in `boxoffice --help`); errors from the SDK map through its table. */
export const EXIT = { ok: 0, error: 1, usage: 2, conflict: 3, auth: 4, unavailable: 5 } as const;

/** A command was called wrongly (missing or clashing flags): exit 2 with a pointer to the help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command: string,
  ) {
    super(message);
  }
}

/** A flag's value is malformed: a VALIDATION error naming the flag (exit 2). */
export function badFlag(flag: string, message: string): BoxOfficeError {
  return new BoxOfficeError('VALIDATION', `${flag}: ${message}`, { field: flag.replace(/^--/, '') });
}

/**
 * Prints `boxoffice: <message>` on stderr and returns the exit code: the SDK's table for a
 * `BoxOfficeError`, 2 for usage, 1 for anything unexpected (with the stack under BOXOFFICE_DEBUG).
 */
export function reportError(io: Io, error: unknown): number {
  if (error instanceof UsageError) {
    println(io.stderr, `boxoffice: ${error.message}`);
    println(io.stderr, `Run 'boxoffice ${error.command ? `${error.command} ` : ''}--help' for usage.`);
    return EXIT.usage;
  }
  if (isBoxOfficeError(error)) {
    println(io.stderr, `boxoffice: ${error.message}`);
    for (const line of hintsFor(error)) println(io.stderr, line);
    return EXIT_CODE_BY_CODE[error.code];
  }
  const message = error instanceof Error ? error.message : String(error);
  println(io.stderr, `boxoffice: unexpected error: ${message}`);
  if (io.env.BOXOFFICE_DEBUG && error instanceof Error && error.stack) println(io.stderr, error.stack);
  return EXIT.error;
}

function hintsFor(error: BoxOfficeError): string[] {
  const unavailable = error.details?.unavailable;
  if (error.code === 'SEAT_UNAVAILABLE' && Array.isArray(unavailable) && unavailable.length > 0) {
    return [`  taken: ${unavailable.slice(0, 10).join(', ')}${unavailable.length > 10 ? ', ...' : ''}`];
  }
  return [];
}

/**
 * A VALIDATION error on an SDK field (`ticketIds.3` counts as `ticketIds`), reworded to name the
 * flag that carried the value; `reword` lists field names to replace by their flags inside the
 * message too. Any other error is returned as it is.
 */
export function namingFlag(error: unknown, flagOf: Readonly<Record<string, string>>, reword: readonly string[] = []): unknown {
  if (!isBoxOfficeError(error, 'VALIDATION') || error.field === undefined) return error;
  const flag = flagOf[error.field] ?? flagOf[error.field.split('.')[0]!];
  if (flag === undefined) return error;
  let message = error.message.replace(/^[^:]+: /, '');
  if (reword.length > 0) message = message.replace(new RegExp(`\\b(${reword.join('|')})\\b`, 'g'), (w) => flagOf[w] ?? w);
  return new BoxOfficeError('VALIDATION', `${flag}: ${message}`, { field: flag.replace(/^--/, ''), cause: error });
}
