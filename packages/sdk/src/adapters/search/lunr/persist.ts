import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Event } from '../../../domain/types.js';
import type { CatalogRecords } from '../catalog-source.js';
import { IndexSnapshot } from './index-snapshot.js';
import { FORMAT, type SavedHeader } from './saved-header.js';

export { readSavedHeader, type SavedHeader } from './saved-header.js';

/**
 * The saved index: a file of JSON lines — a header (format, the catalog version and store kind
 * it was built from), venues, performers, unit word counts, the serialized lunr index, the
 * availability columns as they were when saved (a loaded index answers with them while the
 * store's availability is re-read), then the events in chunks. Written to a temporary file and renamed (a reader never sees half a file),
 * a chunk at a time so the event loop keeps serving queries. A process whose store reports the
 * same catalog version loads it instead of rebuilding.
 */
/** Line of the first chunk of events. */
const EVENTS_LINE = 6;
const CHUNK = 2000;


export async function saveSnapshot(path: string, snapshot: IndexSnapshot, storeKind: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  const write = async (value: unknown) => {
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
  };
  try {
    const { records } = snapshot;
    const header: SavedHeader = { format: FORMAT, catalogVersion: records.version, storeKind, events: records.events.length, savedAt: new Date().toISOString() };
    await write(header);
    await write(records.venues);
    await write(records.performers);
    await write(Array.from(snapshot.text.unitWords));
    await yieldToLoop();
    await write(snapshot.text.toJSON());
    await yieldToLoop();
    const { available, minPrice } = snapshot.columns;
    await write({ available: Array.from(available), minPrice: Array.from(minPrice, (p) => (Number.isNaN(p) ? null : p)) });
    for (let i = 0; i < records.events.length; i += CHUNK) {
      await write(records.events.slice(i, i + CHUNK));
      await yieldToLoop();
    }
    out.end();
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (error) {
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
}

export async function loadSnapshot(path: string): Promise<IndexSnapshot> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const parse = (i: number): unknown => JSON.parse(lines[i] ?? 'null');
  const header = parse(0) as SavedHeader;
  const events: Event[] = [];
  for (let i = EVENTS_LINE; i < lines.length && lines[i] !== ''; i++) events.push(...(parse(i) as Event[]));
  const records: CatalogRecords = {
    version: header.catalogVersion,
    venues: parse(1) as CatalogRecords['venues'],
    performers: parse(2) as CatalogRecords['performers'],
    events,
  };
  if (events.length !== header.events) throw new Error(`saved search index ${path} is truncated`);
  const snapshot = IndexSnapshot.fromSaved(records, parse(4) as object, Uint16Array.from(parse(3) as number[]));
  const saved = parse(5) as { available: number[]; minPrice: (number | null)[] };
  snapshot.columns.applyAvailability(events.map((e, row) => ({ eventId: e.id, available: saved.available[row] ?? 0, minPrice: saved.minPrice[row] ?? null })));
  return snapshot;
}
