import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** What `web/build.ts` writes beside the hashed assets: logical name → hashed file name. */
export interface WebManifest {
  readonly assets: Readonly<Record<string, string>>;
  readonly pages: Readonly<Record<string, string>>;
}

export interface StaticFile {
  readonly body: Buffer;
  readonly gzipped: Buffer;
  readonly contentType: string;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

function contentTypeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return CONTENT_TYPES[dot < 0 ? '' : name.slice(dot)] ?? 'application/octet-stream';
}

function loadFile(path: string, name: string): StaticFile {
  const body = readFileSync(path);
  return { body, gzipped: gzipSync(body), contentType: contentTypeOf(name) };
}

/**
 * The built web pages, read into memory once: a few hundred KB at most, and serving from
 * memory means no path from a URL ever reaches the file system (only names in the manifest).
 */
export class WebBundle {
  private constructor(
    readonly dir: string,
    /** Hashed file name → file. */
    readonly assets: ReadonlyMap<string, StaticFile>,
    /** Page name (`index`, `event`) → the HTML template. */
    readonly pages: ReadonlyMap<string, string>,
  ) {}

  static load(dir: string): WebBundle {
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as WebManifest;
    const assets = new Map<string, StaticFile>();
    for (const file of Object.values(manifest.assets)) assets.set(file, loadFile(join(dir, 'assets', file), file));
    const pages = new Map<string, string>();
    for (const [name, file] of Object.entries(manifest.pages)) pages.set(name, readFileSync(join(dir, file), 'utf8'));
    return new WebBundle(dir, assets, pages);
  }
}

/**
 * Where the build put the pages: `dist/web` beside the built server (`dist/index.js`), or the
 * package's `dist/web` when the server runs from source (tests, tsx). Undefined when not built.
 */
export function defaultWebDir(): string | undefined {
  // tsup's shims give the CJS build import.meta.url too.
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'web'), join(here, '..', '..', 'dist', 'web')];
  return candidates.find((dir) => existsSync(join(dir, 'manifest.json')));
}
