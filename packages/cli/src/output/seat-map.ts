import { formatMoney, type EventView, type Section, type Ticket, type TicketStatus } from '@boxoffice/sdk';
import type { Style } from './colour.js';
import { tierPrices } from './format.js';

/** How a seat is drawn. `mine` marks seats of the booking or hold being shown. */
export type SeatGlyph = TicketStatus | 'MINE';

export interface Glyphs {
  readonly AVAILABLE: string;
  readonly RESERVED: string;
  readonly SOLD: string;
  readonly MINE: string;
  readonly RULE: string;
  readonly ELLIPSIS: string;
}

export const UNICODE_GLYPHS: Glyphs = { AVAILABLE: '○', RESERVED: '◐', SOLD: '●', MINE: '◉', RULE: '─', ELLIPSIS: '…' };
export const ASCII_GLYPHS: Glyphs = { AVAILABLE: 'o', RESERVED: '~', SOLD: 'x', MINE: '@', RULE: '-', ELLIPSIS: '.' };

/** Unicode symbols unless the locale says otherwise or BOXOFFICE_ASCII is set. */
export function glyphsFor(env: Readonly<Record<string, string | undefined>>): Glyphs {
  if (env.BOXOFFICE_ASCII !== undefined && env.BOXOFFICE_ASCII !== '' && env.BOXOFFICE_ASCII !== '0') return ASCII_GLYPHS;
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG;
  if (locale === undefined || locale === '') return UNICODE_GLYPHS;
  return /utf-?8/i.test(locale) ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

export interface SeatMapOptions {
  readonly style: Style;
  readonly glyphs: Glyphs;
  /** Only this section, seat by seat (drill-in for big venues). */
  readonly section?: string | undefined;
  /** Tickets drawn as "yours". */
  readonly mine?: ReadonlySet<string>;
  /** Columns available (default 80). */
  readonly width?: number;
  /** Above this many seats the whole-venue view is a per-section summary (default 2,000). */
  readonly summaryAbove?: number;
}

export interface StatusCounts {
  AVAILABLE: number;
  RESERVED: number;
  SOLD: number;
  total: number;
}

export function countStatuses(tickets: readonly Pick<Ticket, 'status'>[]): StatusCounts {
  const counts: StatusCounts = { AVAILABLE: 0, RESERVED: 0, SOLD: 0, total: 0 };
  for (const t of tickets) {
    counts[t.status] += 1;
    counts.total += 1;
  }
  return counts;
}

/** The venue drawn in the terminal: seat by seat, or a per-section summary for big venues. */
export function renderSeatMap(view: EventView, options: SeatMapOptions): string[] {
  const width = options.width ?? 80;
  // Front (nearest the stage) first, as the venue lays its sections out.
  const sections = [...view.venue.seatMap.sections].sort((a, b) => a.y - b.y || a.x - b.x);
  const bySection = groupBySection(view.tickets);
  const shown = options.section === undefined ? sections : sections.filter((s) => s.id === options.section);
  const summary = options.section === undefined && view.tickets.length > (options.summaryAbove ?? 2_000);
  const lines: string[] = [stageLine(width, options)];
  if (summary) {
    lines.push(...renderSummary(view, sections, bySection, width, options));
    lines.push('', options.style.dim(`${view.tickets.length} seats: use --section <id> to see one section seat by seat.`));
    return lines;
  }
  for (const section of shown) {
    lines.push('', ...renderSection(view, section, bySection.get(section.id) ?? [], options, width));
  }
  lines.push('', ...renderLegend(view, shown, options));
  return lines;
}

function stageLine(width: number, options: SeatMapOptions): string {
  const label = ' STAGE ';
  const side = Math.max(2, Math.floor((Math.min(width, 60) - label.length) / 2));
  const pad = ' '.repeat(Math.max(0, Math.floor((width - 2 * side - label.length) / 2)));
  const rule = options.glyphs.RULE.repeat(side);
  return options.style.dim(`${pad}${rule}${label}${rule}`);
}

function groupBySection(tickets: readonly Ticket[]): Map<string, Ticket[]> {
  const map = new Map<string, Ticket[]>();
  for (const t of tickets) {
    const list = map.get(t.section);
    if (list) list.push(t);
    else map.set(t.section, [t]);
  }
  return map;
}

function priceOf(view: EventView, tier: string): string {
  const price = view.prices[tier];
  return price === undefined ? 'not priced' : formatMoney(price, view.currency);
}

function sectionHeader(view: EventView, section: Section, counts: StatusCounts, style: Style): string {
  const kind = section.capacity !== null ? 'standing' : `${section.rows.length} rows`;
  return `${style.bold(section.id)}  ${section.name} · ${section.tier} ${priceOf(view, section.tier)} · ${kind} · ${counts.AVAILABLE}/${counts.total} available`;
}

function renderSection(view: EventView, section: Section, tickets: Ticket[], options: SeatMapOptions, width: number): string[] {
  const counts = countStatuses(tickets);
  const lines = [sectionHeader(view, section, counts, options.style)];
  if (section.capacity !== null) {
    lines.push(`    ${gaBar(tickets, options, width - 5)}`);
    return lines;
  }
  const byRow = new Map<string, Ticket[]>();
  for (const t of tickets) {
    const row = t.row ?? '';
    const list = byRow.get(row);
    if (list) list.push(t);
    else byRow.set(row, [t]);
  }
  const labelWidth = Math.max(1, ...section.rows.map((r) => r.label.length));
  const indent = 2 + labelWidth + 1;
  const widest = Math.max(1, ...section.rows.map((r) => r.seatCount));
  const room = Math.max(10, width - indent);
  const spaced = 2 * widest - 1 <= room;
  const perLine = spaced ? widest : room;
  const sameStart = section.rows.every((r) => r.startNumber === section.rows[0]?.startNumber);
  if (sameStart && section.rows[0]) lines.push(' '.repeat(indent) + options.style.dim(ruler(section.rows[0].startNumber, Math.min(widest, perLine), spaced)));
  for (const row of section.rows) {
    const seats = (byRow.get(row.label) ?? []).sort((a, b) => (a.seat ?? 0) - (b.seat ?? 0));
    const cells = seats.map((t) => glyph(t, options));
    for (let start = 0; start < cells.length || start === 0; start += perLine) {
      const label = start === 0 ? row.label.padStart(labelWidth) : ' '.repeat(labelWidth);
      lines.push(`  ${options.style.dim(label)} ${cells.slice(start, start + perLine).join(spaced ? ' ' : '')}`);
      if (cells.length === 0) break;
    }
  }
  return lines;
}

/** Seat numbers above the first seat and every fifth one, where they fit. */
function ruler(startNumber: number, count: number, spaced: boolean): string {
  const step = spaced ? 2 : 1;
  const chars: string[] = Array.from({ length: (count - 1) * step + 1 }, () => ' ');
  let freeFrom = 0;
  for (let k = 0; k < count; k++) {
    const n = startNumber + k;
    if (k !== 0 && n % 5 !== 0) continue;
    const text = String(n);
    const at = k * step;
    if (at < freeFrom || at + text.length > chars.length + 2) continue;
    for (let i = 0; i < text.length; i++) chars[at + i] = text[i]!;
    freeFrom = at + text.length + 1;
  }
  return chars.join('').trimEnd();
}

function glyph(t: Ticket, options: SeatMapOptions): string {
  const { style, glyphs } = options;
  if (options.mine?.has(t.id)) return style.bold(style.cyan(glyphs.MINE));
  switch (t.status) {
    case 'AVAILABLE':
      return style.green(glyphs.AVAILABLE);
    case 'RESERVED':
      return style.yellow(glyphs.RESERVED);
    case 'SOLD':
      return style.red(glyphs.SOLD);
  }
}

/** A general-admission area as a bar: sold, then reserved, then available, in proportion. */
function gaBar(tickets: readonly Ticket[], options: SeatMapOptions, room: number): string {
  const mine = tickets.filter((t) => options.mine?.has(t.id)).length;
  const counts = countStatuses(tickets);
  const cells = Math.max(1, Math.min(counts.total, room));
  const scale = (n: number) => Math.round((n * cells) / Math.max(1, counts.total));
  const m = mine > 0 ? Math.max(1, scale(mine)) : 0;
  const sold = Math.min(cells - m, scale(counts.SOLD - mine));
  const reserved = Math.min(cells - m - sold, scale(counts.RESERVED));
  const available = cells - m - sold - reserved;
  const { style, glyphs } = options;
  return (
    style.bold(style.cyan(glyphs.MINE.repeat(m))) +
    style.red(glyphs.SOLD.repeat(Math.max(0, sold))) +
    style.yellow(glyphs.RESERVED.repeat(Math.max(0, reserved))) +
    style.green(glyphs.AVAILABLE.repeat(Math.max(0, available)))
  );
}

function renderLegend(view: EventView, sections: readonly Section[], options: SeatMapOptions): string[] {
  const { style, glyphs } = options;
  const symbols = [
    `${style.green(glyphs.AVAILABLE)} available`,
    `${style.yellow(glyphs.RESERVED)} reserved`,
    `${style.red(glyphs.SOLD)} sold`,
    ...(options.mine && options.mine.size > 0 ? [`${style.bold(style.cyan(glyphs.MINE))} yours`] : []),
  ];
  const tiers = [...new Set(sections.map((s) => s.tier))];
  const lines = [`Legend: ${symbols.join('   ')}`];
  if (tiers.length > 0) lines.push(`Prices in ${tierPrices(view.prices, view.currency, tiers)}`);
  if (sections.some((s) => s.capacity === null)) lines.push(style.dim('Name seats as SECTION:ROW:SEAT; seat numbers are marked above each section.'));
  return lines;
}

function renderSummary(view: EventView, sections: readonly Section[], bySection: Map<string, Ticket[]>, width: number, options: SeatMapOptions): string[] {
  const { style, glyphs } = options;
  const nameWidth = Math.max(8, Math.min(20, width - 62));
  const head = `${'SECTION'.padEnd(8)} ${'NAME'.padEnd(nameWidth)} ${'TIER'.padEnd(10)} ${'PRICE'.padStart(13)} ${'AVAIL'.padStart(6)} ${'RESV'.padStart(6)} ${'SOLD'.padStart(6)}`;
  const lines = ['', style.bold(head)];
  for (const s of sections) {
    const c = countStatuses(bySection.get(s.id) ?? []);
    const name = s.name.length > nameWidth ? `${s.name.slice(0, nameWidth - 1)}${glyphs.ELLIPSIS}` : s.name.padEnd(nameWidth);
    lines.push(
      `${s.id.padEnd(8)} ${name} ${s.tier.slice(0, 10).padEnd(10)} ${priceOf(view, s.tier).padStart(13)} ${String(c.AVAILABLE).padStart(6)} ${String(c.RESERVED).padStart(6)} ${String(c.SOLD).padStart(6)}`,
    );
  }
  const all = countStatuses(view.tickets);
  lines.push(style.bold(`${'TOTAL'.padEnd(8)} ${''.padEnd(nameWidth)} ${''.padEnd(10)} ${''.padStart(13)} ${String(all.AVAILABLE).padStart(6)} ${String(all.RESERVED).padStart(6)} ${String(all.SOLD).padStart(6)}`));
  return lines;
}
