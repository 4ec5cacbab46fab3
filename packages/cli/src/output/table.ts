import Table from 'cli-table3';
import { println, type Io } from '../io.js';
import { styleFor } from './colour.js';

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '  ',
} as const;

export type Cell = string | number;

const GAP = 2;

/**
 * A table of rows. On a terminal: aligned columns with a bold header (cli-table3, no borders);
 * the `flex` column (free text, never an id) is shortened so the table fits the terminal.
 * Otherwise, for scripts and pipes: tab-separated values without a header (as gh does).
 */
export function printTable(io: Io, headers: readonly string[], rows: readonly (readonly Cell[])[], options: { flex?: number } = {}): void {
  const cells = rows.map((row) => row.map((c) => String(c).replace(/[\t\n]/g, ' ')));
  if (!io.isTTY) {
    for (const row of cells) println(io.stdout, row.join('\t'));
    return;
  }
  if (options.flex !== undefined) shrinkToFit(headers, cells, options.flex, io.columns ?? 80);
  const style = styleFor(io);
  const table = new Table({
    head: headers.map((h) => style.bold(h)),
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of cells) table.push(row);
  for (const line of table.toString().split('\n')) println(io.stdout, line.trimEnd());
}

function shrinkToFit(headers: readonly string[], rows: string[][], flex: number, columns: number): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)));
  const total = widths.reduce((a, b) => a + b, 0) + GAP * (widths.length - 1);
  const natural = widths[flex] ?? 0;
  const target = Math.max(headers[flex]?.length ?? 0, 12, natural - (total - columns));
  if (total <= columns || target >= natural) return;
  for (const row of rows) {
    const chars = [...(row[flex] ?? '')];
    if (chars.length > target) row[flex] = `${chars.slice(0, target - 1).join('')}…`;
  }
}

/** Label/value pairs (details of one record): aligned on a terminal, tab-separated otherwise. */
export function printFields(io: Io, fields: readonly (readonly [string, Cell])[]): void {
  if (!io.isTTY) {
    for (const [label, value] of fields) println(io.stdout, `${label}\t${String(value).replace(/[\t\n]/g, ' ')}`);
    return;
  }
  const style = styleFor(io);
  const width = Math.max(0, ...fields.map(([label]) => label.length));
  for (const [label, value] of fields) println(io.stdout, `${style.bold(label.padEnd(width))}  ${value}`);
}
