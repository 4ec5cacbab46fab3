#!/usr/bin/env node
// Committed entry point: the `bin` link exists even before `dist/` is built (see TOOLCHAIN.md).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('boxoffice: the CLI is not built yet; run `pnpm build` at the repository root first.');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
