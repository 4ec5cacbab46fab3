import { InvalidArgumentError } from 'commander';

/** Flag value parsers for `simulate` (a bad value is a usage error, exit 2, naming the flag). */

const NUMBER = /^\d+(\.\d+)?$/;

/** A share: a number from 0 to 1 (`0.05`, `1`). */
export function rate(value: string): number {
  const n = NUMBER.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
}

/** A number of at least 0 (`0`, `2500`, `12.5`). */
export function nonNegative(value: string): number {
  const n = NUMBER.test(value.trim()) ? Number(value.trim()) : Number.NaN;
  if (!Number.isFinite(n) || n > 1e9) throw new InvalidArgumentError('must be a number from 0 to 1000000000');
  return n;
}

/** A number greater than 0. */
export function positive(value: string): number {
  const n = nonNegative(value);
  if (n === 0) throw new InvalidArgumentError('must be a number greater than 0');
  return n;
}
