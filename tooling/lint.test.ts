import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** `pnpm lint` (eslint.config.js) is clean on the tree, and its rules do fire on a bad file. */
const root = resolve(import.meta.dirname, '..');

describe('eslint', () => {
  it('finds no problem in packages/*/src, bench and examples (pnpm lint)', async () => {
    const eslint = new ESLint({ cwd: root });
    const results = await eslint.lintFiles(['.']);
    // The config's file globs select the shipped code; a glob that matched nothing would pass vacuously.
    expect(results.some((r) => r.filePath.includes('/packages/sdk/src/'))).toBe(true);
    expect(results.some((r) => r.filePath.includes('/bench/'))).toBe(true);
    const problems = results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(root.length + 1)}:${m.line} ${m.ruleId ?? ''} ${m.message}`));
    expect(problems.join('\n')).toBe('');
  });

  it('refuses an unused import and an unused variable in SDK source', async () => {
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintText("import { readFile } from 'node:fs/promises';\nexport function f(): number {\n  const unused = 1;\n  return 2;\n}\n", {
      filePath: resolve(root, 'packages/sdk/src/lint-probe.ts'),
    });
    expect(result?.messages.map((m) => m.ruleId)).toEqual(['@typescript-eslint/no-unused-vars', '@typescript-eslint/no-unused-vars']);
  });
});
