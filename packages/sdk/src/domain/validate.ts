import * as z from 'zod';
import { BoxOfficeError } from './errors.js';

/**
 * Parses `input` with `schema`; on failure throws one VALIDATION error naming the first
 * field at fault as a dotted path (`seatMap.sections.0.rows.3.seatCount`).
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, root?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [root, ...(issue?.path ?? [])].filter((p) => p !== undefined && p !== '').join('.');
  const field = path === '' ? (root ?? 'input') : path;
  const message = issue?.message ?? 'invalid input';
  throw new BoxOfficeError('VALIDATION', `${field}: ${message}`, {
    field,
    details: { issues: result.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })) },
  });
}
