import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, BUILT, cliEnv } from './cli-process.js';

/**
 * `boxoffice … | head`: the reader closes the pipe before the output is all written. The CLI
 * must end quietly with the shell's SIGPIPE code (141), not crash on an unhandled EPIPE with a
 * stack trace (which it did for `boxoffice --help | true`).
 */
function runWithClosedStdout(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away before reading anything.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe.runIf(BUILT)('output into a closed pipe', () => {
  it('--help ends with 141 and nothing on stderr', async () => {
    const run = await runWithClosedStdout(['--help']);
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(141);
  });

  it('a long JSON report ends the same way', async () => {
    const run = await runWithClosedStdout(['simulate', '--store', 'memory', '--users', '500', '--seats', '200', '--json']);
    expect(run.stderr).not.toContain('EPIPE');
    expect(run.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(run.code).toBe(141);
  });
});
