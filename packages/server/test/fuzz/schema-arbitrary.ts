import fc from 'fast-check';

/**
 * JSON Schema (the subset the server's /openapi.json uses) → fast-check arbitraries: values
 * the schema accepts, values at its bounds, and values it must refuse (wrong types, too long,
 * out of range, unknown or missing fields). A `hint` lets the caller put realistic values
 * (ids of seeded events, payment tokens, dates) where a property's name asks for them.
 */
export type Schema = Record<string, unknown>;

/** Realistic values for a property, by name (`eventId`, `ticketIds`...); undefined: none. */
export type Hint = (name: string, schema: Schema) => fc.Arbitrary<unknown> | undefined;

/** Strings a validator, a database or a log line may choke on. */
const NASTY_STRINGS = [
  '', ' ', '\u0000', 'null', 'undefined', 'NaN', '-1', '0x10', '1e309', '../../etc/passwd', '%00', '%2e%2e%2f', "' OR 1=1 --",
  '<script>alert(1)</script>', '${jndi:x}', '{{7*7}}', '__proto__', 'constructor', '\ud800', '\udfff\ud800', 'é́́́', '‮evil', '🎟️🎫',
  '\r\nX-Injected: 1', 'a'.repeat(70), '2027-02-30T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', '2030-01-01', 'evt_', 'tkt_../x',
] as const;

export const nastyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 4 },
    { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 3 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
    // Huge: past every maxLength of the API (and near the body limit once repeated in arrays).
    { arbitrary: fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
  );

const NASTY_NUMBERS = [-1, 0, -0, 1.5, -1e-9, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e308, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER] as const;
export const nastyNumber = (): fc.Arbitrary<number> => fc.oneof(fc.constantFrom(...NASTY_NUMBERS), fc.double({ noNaN: true, noDefaultInfinity: true }));

/** Any JSON value of another type than the schema's: what a confused or hostile client sends. */
export const wrongType = (): fc.Arbitrary<unknown> =>
  fc.oneof(fc.constant(null), fc.boolean(), nastyNumber(), nastyString(), fc.constant({}), fc.constant([]), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));

function typesOf(schema: Schema): string[] {
  const t = schema.type;
  if (Array.isArray(t)) return t as string[];
  if (typeof t === 'string') return [t];
  if (schema.properties !== undefined) return ['object'];
  if (schema.items !== undefined) return ['array'];
  return [];
}

/** A value the schema accepts (`hint` may swap in realistic ones by property name). */
export function validValue(schema: Schema, hint: Hint, name = ''): fc.Arbitrary<unknown> {
  const hinted = hint(name, schema);
  if (hinted) return hinted;
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Schema[]).map((s) => validValue(s, hint, name)));
  const types = typesOf(schema);
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((type) => validOfType(type, schema, hint, name)));
}

function validOfType(type: string, schema: Schema, hint: Hint, name: string): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const min = numberBound(schema.minimum, schema.exclusiveMinimum, -1e9);
      const max = numberBound(schema.maximum, schema.exclusiveMaximum, 1e9, -1);
      const edges = fc.constantFrom(...[min, max].filter((n) => Number.isFinite(n)));
      const inside = type === 'integer' ? fc.integer({ min: Math.ceil(min), max: Math.floor(Math.min(max, Number.MAX_SAFE_INTEGER)) }) : fc.double({ min, max, noNaN: true });
      return fc.oneof({ arbitrary: inside, weight: 3 }, { arbitrary: edges, weight: 1 });
    }
    case 'string': {
      const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
      const maxLength = Math.min(typeof schema.maxLength === 'number' ? schema.maxLength : 60, 300);
      const base = typeof schema.pattern === 'string' ? fc.stringMatching(new RegExp(schema.pattern)) : fc.string({ unit: 'grapheme', minLength, maxLength });
      return base.filter((s) => s.length >= minLength && s.length <= (typeof schema.maxLength === 'number' ? schema.maxLength : Infinity));
    }
    case 'array': {
      const items = (schema.items ?? {}) as Schema;
      const minLength = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const maxLength = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 10, minLength + 8);
      return fc.array(validValue(items, hint, name), { minLength, maxLength });
    }
    case 'object':
      return validObject(schema, hint);
    default:
      return fc.jsonValue({ maxDepth: 1 });
  }
}

function numberBound(inclusive: unknown, exclusive: unknown, fallback: number, direction = 1): number {
  if (typeof exclusive === 'number') return exclusive + direction * (Number.isInteger(exclusive) ? 1 : 1e-6);
  return typeof inclusive === 'number' ? inclusive : fallback;
}

function validObject(schema: Schema, hint: Hint): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, validValue(s, hint, key)]));
  const record = fc.record(model, { requiredKeys: required.filter((k) => k in model) });
  const extra = schema.additionalProperties;
  if (extra && typeof extra === 'object' && Object.keys(properties).length === 0) {
    // A map (prices by tier): keys from propertyNames, values from additionalProperties.
    const keySchema = (schema.propertyNames ?? { type: 'string', maxLength: 20 }) as Schema;
    return fc.dictionary(validValue(keySchema, hint, 'key') as fc.Arbitrary<string>, validValue(extra as Schema, hint), { maxKeys: 4 }).map((o) => ({ ...o }));
  }
  return record as fc.Arbitrary<Record<string, unknown>>;
}

/** A value the schema must refuse, or at least one at an edge a validator gets wrong. */
export function invalidValue(schema: Schema): fc.Arbitrary<unknown> {
  const types = typesOf(schema);
  const options: fc.Arbitrary<unknown>[] = [wrongType()];
  if (types.includes('string')) {
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : 200;
    options.push(nastyString(), fc.constant('y'.repeat(max + 1)));
    if (typeof schema.minLength === 'number' && schema.minLength > 0) options.push(fc.constant(''));
  }
  if (types.includes('integer') || types.includes('number')) {
    options.push(nastyNumber());
    if (typeof schema.minimum === 'number') options.push(fc.constant(schema.minimum - 1));
    if (typeof schema.maximum === 'number') options.push(fc.constant(schema.maximum + 1));
  }
  if (types.includes('array')) {
    const items = (schema.items ?? {}) as Schema;
    options.push(fc.array(invalidValue(items), { minLength: 1, maxLength: 3 }), fc.constant([]));
    if (typeof schema.maxItems === 'number' && schema.maxItems <= 1_000) options.push(fc.constant(Array.from({ length: schema.maxItems + 1 }, (_, i) => `tkt_${i}`)));
  }
  if (types.includes('object')) options.push(fc.constant({ unexpected: true }), fc.constant(JSON.parse('{"__proto__":{"polluted":1}}') as unknown));
  if (Array.isArray(schema.enum)) options.push(fc.constantFrom('', 'other', String(schema.enum[0]).toLowerCase() + 'x'));
  return fc.oneof(...options);
}

/** Mostly valid, often at a bound, sometimes invalid: the mix a fuzz sends for one value. */
export function anyValue(schema: Schema, hint: Hint, name = ''): fc.Arbitrary<unknown> {
  return fc.oneof({ arbitrary: validValue(schema, hint, name), weight: 6 }, { arbitrary: invalidValue(schema), weight: 2 });
}

/**
 * A body for an object schema: a valid one, one with a single field made invalid, one with a
 * required field missing, or one with a field the schema does not know.
 */
export function bodyValue(schema: Schema, hint: Hint): fc.Arbitrary<unknown> {
  const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
  const required = (schema.required ?? []) as string[];
  const valid = validValue(schema, hint) as fc.Arbitrary<Record<string, unknown>>;
  const options: Array<{ arbitrary: fc.Arbitrary<unknown>; weight: number }> = [
    { arbitrary: valid, weight: 6 },
    { arbitrary: fc.tuple(valid, fc.string({ minLength: 1, maxLength: 12 }), wrongType()).map(([o, k, v]) => ({ ...o, [`x_${k}`]: v })), weight: 1 },
    { arbitrary: wrongType(), weight: 1 },
  ];
  if (properties.length > 0) {
    const oneBad = fc
      .tuple(valid, fc.constantFrom(...properties))
      .chain(([o, [key, s]]) => invalidValue(s).map((bad) => ({ ...o, [key]: bad })));
    options.push({ arbitrary: oneBad, weight: 4 });
  }
  if (required.length > 0) {
    options.push({
      arbitrary: fc.tuple(valid, fc.constantFrom(...required)).map(([o, key]) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key))),
      weight: 1,
    });
  }
  return fc.oneof(...options);
}
