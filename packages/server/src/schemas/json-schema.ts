import { ID_PREFIX, type IdKind } from '@boxoffice/sdk';
import { z } from 'zod';

/** A JSON Schema (draft-07) object, as Fastify's validator and the OpenAPI document take it. */
export type JsonSchema = Record<string, unknown>;

/** The pattern every id of `kind` matches (`evt_` + 1-64 of A-Z a-z 0-9 _ -), as in the SDK. */
export function idSchema(kind: IdKind, description?: string): JsonSchema {
  return {
    type: 'string',
    pattern: `^${ID_PREFIX[kind]}_[A-Za-z0-9_-]{1,64}$`,
    maxLength: ID_PREFIX[kind].length + 65,
    ...(description === undefined ? {} : { description }),
  };
}

export interface FromZodOptions {
  /** Top-level properties the route takes from elsewhere (path, token, headers). */
  omit?: readonly string[];
  /** Id-typed properties: zod checks them with a refinement JSON Schema cannot carry. */
  ids?: Readonly<Record<string, IdKind | { items: IdKind }>>;
  description?: string;
}

/**
 * The route's JSON Schema, converted from the SDK's zod input schema so the two never drift:
 * the JSON Schema rejects wrong shapes at the edge (unknown fields, wrong types, sizes), the
 * SDK's zod schema then checks the rest (refinements) and names the field at fault.
 */
export function fromZod(schema: z.ZodType, options: FromZodOptions = {}): JsonSchema {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  for (const name of options.omit ?? []) delete properties[name];
  if (Array.isArray(json.required)) {
    json.required = (json.required as string[]).filter((r) => !(options.omit ?? []).includes(r));
  }
  for (const [name, kind] of Object.entries(options.ids ?? {})) {
    const current = properties[name];
    if (current === undefined) continue;
    if (typeof kind === 'string') properties[name] = { ...idSchema(kind), ...pick(current, ['default', 'description']) };
    else properties[name] = { ...current, items: idSchema(kind.items) };
  }
  if (options.description !== undefined) json.description = options.description;
  return json;
}

function pick(o: JsonSchema, keys: readonly string[]): JsonSchema {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

/** An object schema that takes exactly these properties. */
export function objectSchema(properties: Record<string, JsonSchema>, required: readonly string[] = []): JsonSchema {
  return { type: 'object', properties, required: [...required], additionalProperties: false };
}

export const pageQuery = (maxPageSize: number): Record<string, JsonSchema> => ({
  page: { type: 'integer', minimum: 1, maximum: 100_000, description: 'Page number, from 1.' },
  pageSize: { type: 'integer', minimum: 1, maximum: maxPageSize, description: `Items per page, 1-${maxPageSize}.` },
});
