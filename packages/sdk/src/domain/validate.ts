import * as z from 'zod';
import { BoxOfficeError } from './errors.js';

/**
 * Parses `input` with `schema`; on failure throws one VALIDATION error naming the first
 * field at fault as a dotted path (`seatMap.sections.0.rows.3.seatCount`).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) {
    refuseNul(result.data, root);
    return result.data;
  }
  const issue = result.error.issues[0];
  const path = [root, ...(issue?.path ?? [])].filter((p) => p !== undefined && p !== '').join('.');
  const field = path === '' ? (root ?? 'input') : path;
  const message = issue?.message ?? 'invalid input';
  throw new BoxOfficeError('VALIDATION', `${field}: ${message}`, {
    field,
    details: { issues: result.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })) },
  });
}

/**
 * No text the SDK keeps may hold a NUL character: PostgreSQL cannot store one in a text column
 * (the insert fails, a 500 over HTTP), and no name, label or address needs one. Checked here,
 * once for every schema, on what the schema let through.
 */
function refuseNul(value: unknown, root: string | undefined): void {
  const at = nulAt(value, []);
  if (at === null) return;
  const field = [root, ...at].filter((p) => p !== undefined && p !== '').join('.') || (root ?? 'input');
  throw new BoxOfficeError('VALIDATION', `${field}: must not contain a NUL character`, { field });
}

function nulAt(value: unknown, path: (string | number)[]): (string | number)[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulAt(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, v] of Object.entries(value)) {
      const found = nulAt(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
