/**
 * One structure's share of the saved index (see persist.ts): small JSON values, and typed
 * arrays written as raw bytes, so a load copies them instead of parsing or re-deriving them.
 */
export type SavedArray = Float64Array | Int32Array | Uint16Array | Uint8Array;

export interface SavedPart {
  readonly json: Readonly<Record<string, unknown>>;
  readonly arrays: Readonly<Record<string, SavedArray>>;
}

/** The named array of a saved part, of the expected type (else the file is not ours: an error). */
export function savedArray<T extends SavedArray>(part: SavedPart, name: string, type: { new (length: number): T; readonly name: string }): T {
  const value = part.arrays[name];
  if (!(value instanceof type)) throw new Error(`saved search index: ${name} is not a ${type.name}`);
  return value;
}

/** The named JSON value of a saved part, checked to be an array (the common case) or any value. */
export function savedList<T>(part: SavedPart, name: string): T[] {
  const value = part.json[name];
  if (!Array.isArray(value)) throw new Error(`saved search index: ${name} is not a list`);
  return value as T[];
}

/** Appends every value (a loop: spreading 100,000s of values into push() overflows the stack). */
export function append<T>(target: T[], values: Iterable<T>): void {
  for (const v of values) target.push(v);
}
