import { open } from 'node:fs/promises';

/**
 * The saved index's first line, readable without lunr: the main thread decides from it whether
 * to load the saved index (in the search worker) or build anew, and importing it must not load
 * lunr (an optional peer, loaded only where an index is built or queried).
 */
export const FORMAT = 'boxoffice-search-lunr/3';

export interface SavedHeader {
  readonly format: string;
  readonly catalogVersion: number | null;
  readonly storeKind: string;
  readonly events: number;
  readonly savedAt: string;
}

/** The header alone (first line), or null when there is no readable saved index. */
export async function readSavedHeader(path: string): Promise<SavedHeader | null> {
  let file;
  try {
    file = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    const line = buffer.subarray(0, bytesRead).toString('utf8').split('\n', 1)[0] ?? '';
    const header = JSON.parse(line) as SavedHeader;
    return header.format === FORMAT ? header : null;
  } catch {
    return null;
  } finally {
    await file.close();
  }
}
