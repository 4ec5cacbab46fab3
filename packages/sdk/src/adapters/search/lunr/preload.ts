import { readSavedHeader, type SavedHeader } from './saved-header.js';
import { SnapshotWorker } from './snapshot-worker.js';

/**
 * A saved index being loaded before its store is open (a server's start-up: PGlite takes
 * seconds to open, the load as long). The lunr adapter given it (`LunrSearchOptions.preloaded`)
 * uses it if the store's catalog version is the one it was saved from, else ends it and builds.
 */
export interface PreloadedSearchIndex {
  readonly path: string;
  readonly header: Promise<SavedHeader | null>;
  readonly worker: SnapshotWorker;
  /** Settles when the worker has loaded the file (rejects if it could not). */
  readonly loaded: Promise<void>;
}

/**
 * Starts loading the index saved at `path` in a worker thread, if there is one, else the first
 * of `legacyPaths` (its older names) that holds one; undefined when none does.
 */
export async function preloadSearchIndex(path: string, legacyPaths: readonly string[] = []): Promise<PreloadedSearchIndex | undefined> {
  const found = await findSavedIndex([path, ...legacyPaths]);
  if (!found) return undefined;
  return preloadFound(found.path, found.header);
}

/** The first of `paths` holding a saved index of the current format, and its header. */
export async function findSavedIndex(paths: readonly string[]): Promise<{ path: string; header: SavedHeader } | undefined> {
  for (const path of paths) {
    const header = await readSavedHeader(path);
    if (header) return { path, header };
  }
  return undefined;
}

function preloadFound(path: string, header: SavedHeader): PreloadedSearchIndex {
  const worker = new SnapshotWorker();
  const loaded = worker.load(path);
  loaded.catch(() => undefined); // awaited (and its failure handled) by the adapter
  return { path, header: Promise.resolve(header), worker, loaded };
}
