import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { IndexSnapshot, type SavedSnapshot } from './index-snapshot.js';
import type { SavedArray, SavedPart } from './saved-part.js';
import { FORMAT, type SavedHeader } from './saved-header.js';

export { readSavedHeader, type SavedHeader } from './saved-header.js';

/**
 * The saved index: a header line (format, the catalog version and store kind it was built
 * from), a layout line (each structure's small JSON values, and where each of its typed arrays
 * lies), then the arrays' raw bytes, each at a multiple of 8 bytes from the start of the data.
 * A load reads the file, parses the two lines and views or copies the arrays: nothing is
 * re-derived and the events stay JSON bytes until a result shows them (the JSON-lines form of
 * format 2 spent ~3.3 s at 100,000 events parsing and re-deriving; see docs/benchmarks.md).
 * The availability columns are saved as they were (a loaded index answers with them while the
 * store's availability is re-read). Written to a temporary file and renamed (a reader never
 * sees half a file), an array at a time so the worker keeps answering queries.
 */
const PARTS = ['events', 'columns', 'units', 'text', 'suggestions'] as const;
type PartName = (typeof PARTS)[number];

const TYPES = { f64: Float64Array, i32: Int32Array, u16: Uint16Array, u8: Uint8Array } as const;
type TypeTag = keyof typeof TYPES;

interface ArrayPlace {
  readonly type: TypeTag;
  /** Bytes from the start of the data (just after the layout line). */
  readonly offset: number;
  readonly length: number;
}

type Layout = Record<PartName, { readonly json: SavedPart['json']; readonly arrays: Record<string, ArrayPlace> }>;

function tagOf(array: SavedArray): TypeTag {
  if (array instanceof Float64Array) return 'f64';
  if (array instanceof Int32Array) return 'i32';
  if (array instanceof Uint16Array) return 'u16';
  return 'u8';
}

const ALIGN = 8;
const pad = (n: number) => (ALIGN - (n % ALIGN)) % ALIGN;

export async function saveSnapshot(path: string, snapshot: IndexSnapshot, storeKind: string): Promise<void> {
  const saved = await snapshot.saved();
  const header: SavedHeader = { format: FORMAT, catalogVersion: saved.version, storeKind, events: snapshot.eventIds.length, savedAt: new Date().toISOString() };
  const arrays: SavedArray[] = [];
  let offset = 0;
  const layout = {} as Record<PartName, Layout[PartName]>;
  for (const name of PARTS) {
    const part = saved[name];
    const places: Record<string, ArrayPlace> = {};
    for (const [key, array] of Object.entries(part.arrays)) {
      offset += pad(offset);
      places[key] = { type: tagOf(array), offset, length: array.length };
      offset += array.byteLength;
      arrays.push(array);
    }
    layout[name] = { json: part.json, arrays: places };
  }

  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const write = async (chunk: Buffer) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  try {
    await write(Buffer.from(`${JSON.stringify(header)}\n${JSON.stringify(layout)}\n`, 'utf8'));
    let written = 0;
    for (const array of arrays) {
      if (pad(written) > 0) await write(Buffer.alloc(pad(written)));
      written += pad(written);
      // A copy: the availability columns may change while the stream still holds the chunk.
      await write(Buffer.from(Buffer.from(array.buffer, array.byteOffset, array.byteLength)));
      written += array.byteLength;
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
  const file = await readFile(path);
  const headerEnd = file.indexOf(10);
  const layoutEnd = headerEnd < 0 ? -1 : file.indexOf(10, headerEnd + 1);
  if (layoutEnd < 0) throw new Error(`saved search index ${path} is truncated`);
  const header = JSON.parse(file.toString('utf8', 0, headerEnd)) as SavedHeader;
  if (header.format !== FORMAT) throw new Error(`saved search index ${path} is of format ${header.format}, not ${FORMAT}`);
  const layout = JSON.parse(file.toString('utf8', headerEnd + 1, layoutEnd)) as Layout;
  const data = layoutEnd + 1;
  const part = (name: PartName): SavedPart => {
    const arrays: Record<string, SavedArray> = {};
    for (const [key, place] of Object.entries(layout[name].arrays)) {
      const type = TYPES[place.type];
      const start = data + place.offset;
      const bytes = place.length * type.BYTES_PER_ELEMENT;
      if (start + bytes > file.length) throw new Error(`saved search index ${path} is truncated`);
      const at = file.byteOffset + start;
      // A view when aligned (the file's buffer stays alive with it: the events are most of it), else a copy.
      arrays[key] = at % type.BYTES_PER_ELEMENT === 0 ? new type(file.buffer, at, place.length) : new type(file.buffer.slice(at, at + bytes));
    }
    return { json: layout[name].json, arrays };
  };
  const saved: SavedSnapshot = { version: header.catalogVersion, events: part('events'), columns: part('columns'), units: part('units'), text: part('text'), suggestions: part('suggestions') };
  const snapshot = IndexSnapshot.restore(saved);
  if (snapshot.eventIds.length !== header.events) throw new Error(`saved search index ${path} does not hold the ${header.events} events its header names`);
  return snapshot;
}
