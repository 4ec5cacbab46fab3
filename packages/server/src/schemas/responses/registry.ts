import { z } from 'zod';

/**
 * Every response body the HTTP contract names, by component name: /openapi.json's
 * `components.schemas` is this registry converted to JSON Schema, and each route's contract
 * points at one of these schemas, so a shape is written once.
 */
export const responseRegistry = z.registry<{ id: string; description?: string }>();

/** Registers `schema` as the component `id` and returns it. */
export function component<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  responseRegistry.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/** The component name of a registered schema (undefined for an unregistered one). */
export function componentName(schema: z.ZodType): string | undefined {
  return responseRegistry.get(schema)?.id;
}

/** ISO 8601 in UTC, as `Date#toISOString()` writes it (every timestamp the SDK returns). */
export const timestamp = () => z.iso.datetime();

type DeepMutable<T> = T extends readonly (infer U)[] ? DeepMutable<U>[] : T extends object ? { -readonly [K in keyof T]: DeepMutable<T[K]> } : T;
type Same<A, B> = [DeepMutable<A>] extends [DeepMutable<B>] ? ([DeepMutable<B>] extends [DeepMutable<A>] ? true : false) : false;

/**
 * A compile-time check that a response schema describes the SDK's type (readonly aside): the
 * SDK's TypeScript types say what the code returns, and this keeps the document's copy honest.
 * `shapeOf<z.output<typeof booking>, Booking>(true)` fails to compile when they drift.
 */
export function shapeOf<Schema, SdkType>(same: Same<Schema, SdkType>): void {
  void same;
}
