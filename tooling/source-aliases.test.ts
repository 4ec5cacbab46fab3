import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceAliases } from '../vitest.source-aliases.js';

/**
 * Every public entry of the workspace packages resolves to an existing source file in tests
 * (that one copy of the SDK is loaded: packages/server/test/source-aliases.test.ts).
 */
const root = resolve(import.meta.dirname, '..');
const exportsOf = (pkg: string) => Object.keys((JSON.parse(readFileSync(resolve(root, 'packages', pkg, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports);

describe('vitest source aliases', () => {
  for (const pkg of ['sdk', 'server']) {
    it(`cover each entry of @boxoffice/${pkg} with a source file`, () => {
      const subpaths = exportsOf(pkg).filter((s) => s !== './package.json');
      for (const subpath of subpaths) {
        const specifier = `@boxoffice/${pkg}${subpath.slice(1)}`;
        const alias = sourceAliases.find((a) => a.find.test(specifier));
        expect(alias, specifier).toBeDefined();
        expect(existsSync(alias!.replacement), alias!.replacement).toBe(true);
      }
      expect(sourceAliases.filter((a) => a.find.source.startsWith(`^@boxoffice\\/${pkg}`) || a.find.source.startsWith(`^@boxoffice/${pkg}`))).toHaveLength(subpaths.length);
    });
  }
});
