// @ts-check
/**
 * ESLint over the shipped code, the benchmarks and the examples (`pnpm lint`; docs/architecture.md,
 * "Lint and boundaries"): ESLint's and typescript-eslint's recommended rules, without type
 * information. The type-aware rule sets are left off: they build a TypeScript program per project
 * and would multiply the run time on this two-core machine. Formatting is not linted here.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/*.d.ts'],
  },
  {
    files: ['packages/*/src/**/*.{ts,mjs}', 'packages/server/web/src/**/*.ts', 'bench/**/*.{ts,mjs}', 'examples/**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      // A leading underscore marks a deliberate discard (a field dropped by rest destructuring, an
      // argument an interface requires but this implementation does not use).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `let x; const handler = () => x?.y(); x = new X(handler)`: a variable read by a closure
      // made before its one assignment cannot be const.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // An options interface that extends one type and adds nothing is a public name kept for
      // documentation and future fields (ConnectOptions).
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // The browser bundle runs in a page, not in Node.
    files: ['packages/server/web/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
