import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Event } from '../../../domain/types.js';
import { savedArray, savedList, type SavedPart } from './saved-part.js';

/**
 * The indexed events in row order. A query returns a page of them, so a loaded index keeps
 * each event as its JSON bytes and parses one only when a result shows it: parsing all
 * 100,000 at a load took ~0.55 s, most of what a saved index cost beside the derived columns.
 */
const SLICE = 2000;

export class EventRows {
  readonly #of: (row: number) => Event;
  readonly #saved: () => Promise<SavedPart>;

  private constructor(
    readonly ids: readonly string[],
    of: (row: number) => Event,
    saved: () => Promise<SavedPart>,
  ) {
    this.#of = of;
    this.#saved = saved;
  }

  static of(events: readonly Event[]): EventRows {
    return new EventRows(
      events.map((e) => e.id),
      (row) => events[row]!,
      async () => {
        // In slices, with a turn of the worker's loop between them: queries keep being answered.
        const encoded: Buffer[] = [];
        const offsets = new Float64Array(events.length + 1);
        for (let i = 0; i < events.length; i++) {
          encoded.push(Buffer.from(JSON.stringify(events[i]), 'utf8'));
          offsets[i + 1] = offsets[i]! + encoded[i]!.length;
          if (i % SLICE === SLICE - 1) await yieldToLoop();
        }
        return { json: { ids: events.map((e) => e.id) }, arrays: { offsets, bytes: new Uint8Array(Buffer.concat(encoded)) } };
      },
    );
  }

  /** From a saved part: the ids, and every event's JSON bytes (row r: bytes[offsets[r] .. offsets[r + 1])). */
  static restore(part: SavedPart): EventRows {
    const ids = savedList<string>(part, 'ids');
    const offsets = savedArray(part, 'offsets', Float64Array);
    const bytes = savedArray(part, 'bytes', Uint8Array);
    if (offsets.length !== ids.length + 1 || offsets[ids.length] !== bytes.length) throw new Error('saved search index: events do not match their offsets');
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return new EventRows(
      ids,
      (row) => JSON.parse(text.toString('utf8', offsets[row], offsets[row + 1])) as Event,
      async () => part,
    );
  }

  get size(): number {
    return this.ids.length;
  }

  get(row: number): Event {
    return this.#of(row);
  }

  saved(): Promise<SavedPart> {
    return this.#saved();
  }
}
