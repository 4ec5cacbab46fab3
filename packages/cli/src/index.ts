import { CommanderError } from 'commander';
import { createContext, resolveStore } from './context.js';
import { EXIT, reportError } from './errors.js';
import { processIo, type Io } from './io.js';
import { createProgram } from './program.js';

export { createProgram } from './program.js';
export { createContext, resolveStore, type CommandContext, type Opener, type StoreChoice } from './context.js';
export type { Io, Writer } from './io.js';

/**
 * Runs `boxoffice` with `argv` (without the node and script paths) and returns the exit code:
 * 0 ok, 1 error, 2 usage or invalid input, 3 conflict, 4 auth, 5 unavailable. Never calls
 * process.exit, so tests can run it in-process.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram(io, async (command, task) => {
    const { store } = command.optsWithGlobals<{ store?: string }>();
    const { ctx, close } = createContext(io, resolveStore(store, io.env));
    try {
      exitCode = await task(ctx);
    } catch (error) {
      exitCode = reportError(io, error);
    } finally {
      await close().catch((error: unknown) => {
        const code = reportError(io, error);
        if (exitCode === EXIT.ok) exitCode = code;
      });
    }
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    return reportError(io, error);
  }
  return exitCode;
}

/** Help and version are successes; every other commander error is a usage error (2). */
function commanderExitCode(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  return EXIT.usage;
}
