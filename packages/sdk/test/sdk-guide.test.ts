import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * docs/sdk.md shows only code that runs: every ```ts block is an example file under
 * examples/sdk-guide/, included verbatim, and every numbered example runs to exit 0 (each
 * asserts its own results with node:assert). Needs `pnpm build` (the examples import the
 * packages as an integrator does, through their built entries).
 */
const root = join(import.meta.dirname, '../../..');
const guideDir = join(root, 'examples/sdk-guide');
const doc = readFileSync(join(root, 'docs/sdk.md'), 'utf8');
const exampleFiles = readdirSync(guideDir).filter((f) => f.endsWith('.ts')).sort();
const runnable = exampleFiles.filter((f) => /^\d\d-/.test(f));

/** The doc's ```ts blocks with the example file named on the line before each. */
function docBlocks(): { file: string | undefined; code: string }[] {
  const blocks: { file: string | undefined; code: string }[] = [];
  const pattern = /(?:<!-- example: (\S+) -->\n)?```ts\n([\s\S]*?)```/g;
  for (const match of doc.matchAll(pattern)) blocks.push({ file: match[1], code: match[2]! });
  return blocks;
}

describe('docs/sdk.md', () => {
  it('includes every example file verbatim, and no ts block that is not one', () => {
    const blocks = docBlocks();
    expect(blocks.filter((b) => b.file === undefined).map((b) => b.code.slice(0, 80))).toEqual([]);
    for (const block of blocks) {
      expect(block.code, block.file).toBe(readFileSync(join(root, block.file!), 'utf8'));
    }
    expect(blocks.map((b) => b.file).sort()).toEqual(exampleFiles.map((f) => relative(root, join(guideDir, f))));
  });

  it.each(runnable)('runs examples/sdk-guide/%s to completion', async (file) => {
    const tsx = join(root, 'node_modules/.bin/tsx');
    // A failed assertion exits non-zero, which rejects with the example's stderr.
    await promisify(execFile)(tsx, [file], { cwd: guideDir, timeout: 120_000 });
  });
});
