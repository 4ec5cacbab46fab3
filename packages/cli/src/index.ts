import { CommanderError } from 'commander';
import { resolveTarget, type GlobalFlags } from './config/target.js';
import { createContext, resolveStore } from './context.js';
import type { Target } from './config/target.js';
import { EXIT, reportError, UsageError } from './errors.js';
import { println, processIo, type Io } from './io.js';
import { createProgram } from './program.js';

export { createProgram } from './program.js';
export { createContext, resolveStore, type CommandContext, type Opener, type StoreChoice } from './context.js';
export { resolveTarget, type Target } from './config/target.js';
export type { Io, Writer } from './io.js';

/**
 * Runs `boxoffice` with `argv` (without the node and script paths) and returns the exit code:
 * 0 ok, 1 error, 2 usage or invalid input, 3 conflict, 4 auth, 5 unavailable. Never calls
 * process.exit, so tests can run it in-process.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram(io, async (command, task, options = {}) => {
    let opened: ReturnType<typeof createContext> | undefined;
    try {
      const flags = command.optsWithGlobals<GlobalFlags>();
      // Profile commands manage the configuration itself: they must work even when it points nowhere.
      const target: Target = options.local ? { kind: 'store', store: resolveStore(flags.store, io.env) } : resolveTarget(flags, io.env);
      if (target.kind === 'remote' && target.urls.length > 1 && !options.manyUrls) {
        throw new UsageError(`${target.source}: give one URL here (only simulate spreads its users over several server processes)`, command.name());
      }
      if (flags.token?.startsWith('tok_')) {
        println(io.stderr, `boxoffice: --token is the deployment's bearer token; pay with --pay ${flags.token}`);
      } else if (target.kind === 'store' && flags.token !== undefined && !options.local) {
        println(io.stderr, 'boxoffice: --token is ignored on an embedded store (it is for --url or a profile)');
      }
      opened = createContext(io, target);
      const { ctx } = opened;
      exitCode = await task(ctx);
    } catch (error) {
      exitCode = reportError(io, error);
    } finally {
      await opened?.close().catch((error: unknown) => {
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
