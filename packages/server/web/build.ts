import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The browser code and pages, bundled into static files with content-hashed names. */
const WEB = dirname(fileURLToPath(import.meta.url));
const ENTRIES = { 'search-page': 'src/search-page.ts', 'event-page': 'src/event-page.ts', styles: 'src/styles.css' } as const;
const PAGES = { index: 'pages/index.html', event: 'pages/event.html' } as const;

export interface BuiltWeb {
  readonly outDir: string;
  /** Logical name (`event-page.js`) → hashed file name in `assets/`. */
  readonly assets: Record<string, string>;
}

/**
 * Builds into `outDir`: `assets/<name>-<hash>.{js,css}`, the pages with their asset links
 * filled in, and `manifest.json` (what the server reads). Minified, ES2020, no source maps.
 */
export async function buildWeb(outDir: string): Promise<BuiltWeb> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  const result = await build({
    absWorkingDir: WEB,
    entryPoints: ENTRIES,
    bundle: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    minify: true,
    outdir: join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const assets: Record<string, string> = {};
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!output.entryPoint) continue;
    const name = Object.entries(ENTRIES).find(([, src]) => output.entryPoint === src)?.[0];
    if (name) assets[`${name}${file.endsWith('.css') ? '.css' : '.js'}`] = basename(file);
  }
  const pages: Record<string, string> = {};
  for (const [name, src] of Object.entries(PAGES)) {
    let html = await readFile(join(WEB, src), 'utf8');
    html = html.replace(/\{\{([\w.-]+)\}\}/g, (_, logical: string) => {
      const file = assets[logical];
      if (!file) throw new Error(`${src}: no asset ${logical}`);
      return `/assets/${file}`;
    });
    await writeFile(join(outDir, `${name}.html`), html);
    pages[name] = `${name}.html`;
  }
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify({ assets, pages }, null, 2)}\n`);
  return { outDir, assets };
}
