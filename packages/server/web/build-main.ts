import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build.js';

// `pnpm --filter @boxoffice/server build` runs this after tsup: the pages go to dist/web.
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');
const built = await buildWeb(outDir);
console.log(`web: ${Object.values(built.assets).join(', ')} -> ${outDir}`);
