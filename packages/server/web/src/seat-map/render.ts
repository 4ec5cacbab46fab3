import { h, svg } from '../dom.js';
import { money } from '../format.js';
import { nextSeat, type Direction } from './keyboard.js';
import { STATUS_WORD, type SeatModel } from './model.js';

/** Maps up to this many seats are drawn whole; bigger ones show sections first, seats on zoom. */
export const DETAIL_LIMIT = 3000;
/** A seat is 1 unit on the venue plan; drawn a little smaller so neighbours stay apart. */
const SEAT_SIZE = 0.82;

export interface SeatMapHooks {
  /** The visitor picked or unpicked an available seat. */
  toggle(i: number): void;
  isSelected(i: number): boolean;
  /** In the visitor's own hold. */
  isMine(i: number): boolean;
}

/**
 * The SVG seat map. Status is shown by colour AND pattern (stripes: reserved, a cross: sold,
 * a ring: selected), every seat has a spoken label, and the map is one tab stop with arrow
 * keys inside (roving tabindex), so 3,000 seats are not 3,000 tab presses.
 */
export class SeatMapView {
  private readonly svgEl: SVGSVGElement;
  private readonly tooltip: HTMLDivElement;
  private readonly heading: HTMLElement;
  private readonly back: HTMLButtonElement;
  private drawn = new Map<number, SVGRectElement>();
  private drawnOrder: number[] = [];
  private sectionCounts = new Map<number, SVGTextElement>();
  private focused: number | undefined;
  /** The section shown seat by seat on a big map; undefined: the overview (or the whole small map). */
  private zoomed: number | undefined;
  private countsDirty = false;
  readonly detailed: boolean;

  constructor(
    private readonly host: HTMLElement,
    private readonly model: SeatModel,
    private readonly hooks: SeatMapHooks,
  ) {
    this.detailed = model.count <= DETAIL_LIMIT;
    this.heading = h('p', { class: 'map-heading', 'aria-live': 'polite' });
    this.back = h('button', { type: 'button', class: 'map-back', hidden: true }, '← All sections');
    this.back.addEventListener('click', () => this.showOverview());
    this.svgEl = svg('svg', { class: 'seat-map', role: 'group', 'aria-label': 'Seat map', 'data-testid': 'seat-map' });
    this.tooltip = h('div', { class: 'map-tooltip', role: 'tooltip', id: 'seat-tooltip', hidden: true });
    host.replaceChildren(h('div', { class: 'map-bar' }, this.back, this.heading), this.svgEl, this.tooltip);
    this.listen();
    if (this.detailed) this.drawSeats(model.seatsBySection.map((_, s) => s));
    else this.showOverview();
  }

  /** Shows the sections of a big map, each with its count of available seats. */
  showOverview(): void {
    if (this.detailed) return;
    this.zoomed = undefined;
    this.back.hidden = true;
    this.drawn.clear();
    this.drawnOrder = [];
    this.sectionCounts.clear();
    this.focused = undefined;
    this.heading.textContent = `${this.model.count.toLocaleString()} seats in ${this.model.layout.sections.length} sections. Choose a section to see its seats.`;
    const all = this.unionBox(this.model.sectionBoxes.map((_, s) => s));
    const children: SVGElement[] = [];
    this.model.layout.sections.forEach((section, s) => {
      const box = this.model.sectionBoxes[s]!;
      if (!Number.isFinite(box.minX)) return;
      const w = box.maxX - box.minX + 1;
      const hgt = box.maxY - box.minY + 1;
      const count = svg('text', { x: box.minX + w / 2, y: box.minY + hgt / 2 + Math.min(w, hgt) * 0.18, class: 'section-count', 'font-size': Math.max(0.8, Math.min(w, hgt) / 6) });
      this.sectionCounts.set(s, count);
      const g = svg(
        'g',
        { class: `section-block tier-${this.tierIndex(section.tier)}`, role: 'button', tabindex: 0, 'data-section': s, 'data-testid': `section-${section.id}` },
        svg('rect', { x: box.minX - 0.3, y: box.minY - 0.3, width: w + 0.6, height: hgt + 0.6, rx: 0.8 }),
        svg('text', { x: box.minX + w / 2, y: box.minY + hgt / 2 - Math.min(w, hgt) * 0.08, class: 'section-name', 'font-size': Math.max(1, Math.min(w, hgt) / 4) }, section.name),
        count,
      );
      children.push(g);
    });
    this.svgEl.replaceChildren(this.defs(), ...children);
    this.setViewBox(all);
    this.refreshCounts();
  }

  /** Draws one section's seats (a big map, after a click on the section). */
  zoomTo(section: number): void {
    const size = this.model.seatsBySection[section]?.length ?? 0;
    if (size > DETAIL_LIMIT) {
      // A huge area (a festival field): thousands of identical places are not worth drawing.
      const name = this.model.layout.sections[section]?.name ?? '';
      this.heading.textContent = `${name}: ${this.model.availableIn(section).toLocaleString()} of ${size.toLocaleString()} places free, too many to draw one by one. Ask for the best N seats instead.`;
      return;
    }
    this.zoomed = section;
    this.back.hidden = this.detailed;
    this.drawSeats([section]);
    const name = this.model.layout.sections[section]?.name ?? '';
    this.heading.textContent = `${name}: ${this.model.availableIn(section)} of ${this.model.seatsBySection[section]!.length} seats available.`;
  }

  /** A seat's status or selection changed: redraw it if it is on screen; counts catch up on the next frame. */
  refresh(i: number): void {
    const el = this.drawn.get(i);
    if (el) this.paint(el, i);
    if (!this.countsDirty) {
      this.countsDirty = true;
      requestAnimationFrame(() => this.refreshCounts());
    }
  }

  /** After a whole snapshot. */
  refreshAll(): void {
    for (const [i, el] of this.drawn) this.paint(el, i);
    this.refreshCounts();
  }

  private refreshCounts(): void {
    this.countsDirty = false;
    for (const [s, text] of this.sectionCounts) {
      const total = this.model.seatsBySection[s]!.length;
      const available = this.model.availableIn(s);
      text.textContent = `${available.toLocaleString()} of ${total.toLocaleString()} free`;
      const section = this.model.layout.sections[s]!;
      text.parentElement?.setAttribute('aria-label', `Section ${section.name}, ${section.tier}: ${available} of ${total} seats available. Press Enter to see its seats.`);
    }
    if (this.zoomed !== undefined) {
      const name = this.model.layout.sections[this.zoomed]?.name ?? '';
      this.heading.textContent = `${name}: ${this.model.availableIn(this.zoomed)} of ${this.model.seatsBySection[this.zoomed]!.length} seats available.`;
    } else if (this.detailed) {
      this.heading.textContent = `${this.model.availableTotal().toLocaleString()} of ${this.model.count.toLocaleString()} seats available.`;
    }
  }

  private drawSeats(sections: number[]): void {
    this.drawn = new Map();
    this.sectionCounts.clear();
    const nodes: SVGElement[] = [this.defs()];
    const order: number[] = [];
    const { tickets } = this.model.layout;
    for (const s of sections) {
      const box = this.model.sectionBoxes[s]!;
      const seats = this.model.seatsBySection[s]!;
      if (seats.length === 0) continue;
      const section = this.model.layout.sections[s]!;
      nodes.push(svg('text', { x: box.minX, y: box.minY - 0.45, class: 'section-label', 'font-size': 0.9 }, `${section.name} · ${section.tier}`));
      for (const i of seats) {
        const rect = svg('rect', { x: tickets.x[i]!, y: tickets.y[i]!, width: SEAT_SIZE, height: SEAT_SIZE, rx: 0.2, tabindex: -1, role: 'button', 'data-i': i });
        this.paint(rect, i);
        this.drawn.set(i, rect);
        order.push(i);
        nodes.push(rect);
      }
    }
    this.drawnOrder = order;
    this.svgEl.replaceChildren(...nodes);
    const box = this.unionBox(sections);
    box.minY -= 1.5; // room for the section labels
    this.setViewBox(box);
    const first = order.find((i) => this.model.status(i) === 'A') ?? order[0];
    if (first !== undefined) this.setFocusable(first);
    this.refreshCounts();
  }

  private paint(el: SVGRectElement, i: number): void {
    const status = this.model.status(i);
    const selected = status === 'A' && this.hooks.isSelected(i);
    const mine = status !== 'A' && this.hooks.isMine(i);
    const tier = this.tierIndex(this.model.layout.tickets.tier[i]!);
    el.setAttribute('class', `seat tier-${tier} status-${status}${selected ? ' selected' : ''}${mine ? ' mine' : ''}`);
    el.setAttribute('data-status', STATUS_WORD[status]);
    const state = mine ? 'held by you' : selected ? 'selected' : STATUS_WORD[status];
    el.setAttribute('aria-label', `${this.model.describe(i)}, ${money(this.model.price(i), this.model.layout.currency)}, ${this.model.layout.tickets.tier[i]}, ${state}`);
    el.setAttribute('aria-pressed', selected ? 'true' : 'false');
    if (status === 'A') el.removeAttribute('aria-disabled');
    else el.setAttribute('aria-disabled', 'true');
  }

  private tierIndex(tier: string): number {
    const i = this.model.tiers.indexOf(tier);
    return i < 0 ? 0 : i % 6;
  }

  private unionBox(sections: number[]) {
    const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
    for (const s of sections) {
      const b = this.model.sectionBoxes[s]!;
      if (!Number.isFinite(b.minX)) continue;
      box.minX = Math.min(box.minX, b.minX);
      box.minY = Math.min(box.minY, b.minY);
      box.maxX = Math.max(box.maxX, b.maxX);
      box.maxY = Math.max(box.maxY, b.maxY);
    }
    if (!Number.isFinite(box.minX)) return { minX: 0, minY: 0, maxX: 10, maxY: 10 };
    return box;
  }

  private setViewBox(box: { minX: number; minY: number; maxX: number; maxY: number }): void {
    const pad = 1;
    this.svgEl.setAttribute('viewBox', `${box.minX - pad} ${box.minY - pad} ${box.maxX - box.minX + 1 + 2 * pad} ${box.maxY - box.minY + 1 + 2 * pad}`);
  }

  /** Status patterns: stripes for reserved, a cross for sold, so colour is never the only cue. */
  private defs(): SVGDefsElement {
    return svg(
      'defs',
      {},
      svg(
        'pattern',
        { id: 'p-reserved', width: 0.3, height: 0.3, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' },
        svg('rect', { width: 0.3, height: 0.3, class: 'pat-reserved-bg' }),
        svg('rect', { width: 0.1, height: 0.3, class: 'pat-reserved-line' }),
      ),
      svg(
        'pattern',
        { id: 'p-sold', width: 1, height: 1, patternUnits: 'objectBoundingBox', patternContentUnits: 'objectBoundingBox' },
        svg('rect', { width: 1, height: 1, class: 'pat-sold-bg' }),
        svg('path', { d: 'M0.25 0.25 L0.75 0.75 M0.75 0.25 L0.25 0.75', class: 'pat-sold-mark' }),
      ),
    );
  }

  private setFocusable(i: number): void {
    if (this.focused !== undefined) this.drawn.get(this.focused)?.setAttribute('tabindex', '-1');
    this.focused = i;
    this.drawn.get(i)?.setAttribute('tabindex', '0');
  }

  private focusSeat(i: number): void {
    this.setFocusable(i);
    this.drawn.get(i)?.focus();
  }

  private seatOf(target: EventTarget | null): number | undefined {
    const el = (target as Element | null)?.closest?.('[data-i]');
    return el ? Number(el.getAttribute('data-i')) : undefined;
  }

  private sectionOf(target: EventTarget | null): number | undefined {
    const el = (target as Element | null)?.closest?.('[data-section]');
    return el ? Number(el.getAttribute('data-section')) : undefined;
  }

  private listen(): void {
    this.svgEl.addEventListener('click', (e) => {
      const i = this.seatOf(e.target);
      if (i !== undefined) {
        this.setFocusable(i);
        if (this.model.status(i) === 'A') this.hooks.toggle(i);
        return;
      }
      const s = this.sectionOf(e.target);
      if (s !== undefined) this.zoomTo(s);
    });
    this.svgEl.addEventListener('keydown', (e) => {
      const s = this.sectionOf(e.target);
      if (s !== undefined && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        this.zoomTo(s);
        this.drawn.get(this.focused ?? -1)?.focus();
        return;
      }
      const i = this.seatOf(e.target);
      if (i === undefined) return;
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        if (this.model.status(i) === 'A') this.hooks.toggle(i);
        return;
      }
      if (e.key === 'Escape' && !this.detailed) {
        const back = this.zoomed;
        this.showOverview();
        this.svgEl.querySelector<SVGGElement>(`[data-section="${back}"]`)?.focus();
        return;
      }
      const direction = ({ ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' } as Record<string, Direction>)[e.key];
      if (!direction) return;
      e.preventDefault();
      const next = nextSeat(this.drawnOrder, this.model.layout.tickets, i, direction);
      if (next !== undefined) this.focusSeat(next);
    });
    const show = (e: Event, anchor?: DOMRect) => {
      const i = this.seatOf(e.target);
      if (i === undefined) return void (this.tooltip.hidden = true);
      const status = this.model.status(i);
      const state = this.hooks.isMine(i) && status !== 'A' ? 'held by you' : STATUS_WORD[status];
      this.tooltip.textContent = `${this.model.describe(i)} · ${money(this.model.price(i), this.model.layout.currency)} (${this.model.layout.tickets.tier[i]}) · ${state}`;
      this.tooltip.hidden = false;
      const hostBox = this.host.getBoundingClientRect();
      const x = anchor ? anchor.right : (e as PointerEvent).clientX;
      const y = anchor ? anchor.top : (e as PointerEvent).clientY;
      this.tooltip.style.left = `${Math.max(0, x - hostBox.left + 12)}px`;
      this.tooltip.style.top = `${Math.max(0, y - hostBox.top - 36)}px`;
    };
    this.svgEl.addEventListener('pointerover', (e) => show(e));
    this.svgEl.addEventListener('pointerleave', () => (this.tooltip.hidden = true));
    this.svgEl.addEventListener('focusin', (e) => show(e, (e.target as Element).getBoundingClientRect()));
    this.svgEl.addEventListener('focusout', () => (this.tooltip.hidden = true));
  }
}
