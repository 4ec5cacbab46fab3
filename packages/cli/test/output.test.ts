import { stadiumSeatMap, type SeatMap } from '@boxoffice/sdk';
import { createHallEvent, seatsOf } from '@boxoffice/sdk/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { colourEnabled, styleFor } from '../src/output/colour.js';
import { ASCII_GLYPHS, glyphsFor, renderSeatMap, UNICODE_GLYPHS } from '../src/output/seat-map.js';
import { printTable } from '../src/output/table.js';
import { fakeIo, memoryHarness, plain, type MemoryHarness } from './helpers.js';

const plainStyle = styleFor(fakeIo({ isTTY: false }));

/** `stadiumSeatMap` returns readonly arrays; `createVenue` takes mutable ones. */
function mutable(map: SeatMap) {
  return { sections: map.sections.map((s) => ({ ...s, rows: s.rows.map((r) => ({ ...r })) })) };
}
let h: MemoryHarness | undefined;
afterEach(async () => {
  await h?.bo.close();
  h = undefined;
});

describe('seat map', () => {
  it('draws every seat with a symbol for its status, a legend with the price tiers, within 80 columns', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const rowA = await seatsOf(h.bo, event.id, 'A', 'A');
    const rowB = await seatsOf(h.bo, event.id, 'B', 'B');
    const sold = await h.bo.hold({ eventId: event.id, userId: 'u1', ticketIds: rowA.slice(0, 2) });
    await h.bo.confirm({ holdId: sold.id, userId: 'u1', paymentDetails: { token: 'tok_visa' } });
    await h.bo.hold({ eventId: event.id, userId: 'u2', ticketIds: rowB.slice(0, 3) });

    const lines = renderSeatMap(await h.bo.getEvent(event.id), { style: plainStyle, glyphs: UNICODE_GLYPHS });
    const text = lines.join('\n');
    // Section A row A: 2 sold then 4 available; section B row B: 3 reserved then 5 available.
    expect(lines).toContain('  A ● ● ○ ○ ○ ○');
    expect(lines).toContain('  B ◐ ◐ ◐ ○ ○ ○ ○ ○');
    expect(text).toMatch(/^A {2}Stalls A · premium EUR 120\.00 · 2 rows · 10\/12 available$/m);
    expect(text).toMatch(/^FLOOR {2}Standing · floor EUR 40\.00 · standing · 20\/20 available$/m);
    expect(text).toContain('Legend: ○ available   ◐ reserved   ● sold');
    expect(text).toContain('Prices in EUR: premium 120.00 · standard 65.00 · floor 40.00');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('marks "your" seats and draws only the section asked for', async () => {
    h = memoryHarness();
    const { event } = await createHallEvent(h.bo);
    const hold = await h.bo.hold({ eventId: event.id, userId: 'me', best: { quantity: 2, section: 'B' } });
    const lines = renderSeatMap(await h.bo.getEvent(event.id), {
      style: plainStyle,
      glyphs: ASCII_GLYPHS,
      section: 'B',
      mine: new Set(hold.ticketIds),
    });
    const text = lines.join('\n');
    expect(text).not.toContain('Stalls A');
    expect(text).toContain('Stalls B');
    expect(text.match(/@/g)).toHaveLength(2 + 1); // two seats and the legend
    expect(text).toContain('@ yours');
    expect(text).not.toMatch(/[○◐●◉]/);
  });

  it('summarises a big venue per section, and drills into one section seat by seat', async () => {
    h = memoryHarness();
    const venue = await h.bo.createVenue({ name: 'Arena', city: 'Porto', lat: 41.1, lon: -8.6, seatMap: mutable(stadiumSeatMap({ sections: 12, rows: 10, seatsPerRow: 25 })) });
    const event = await h.bo.createEvent({
      title: 'Big night',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      onSaleAt: new Date(Date.now() - 60_000).toISOString(),
      venueId: venue.id,
      prices: { premium: 20_000, standard: 10_000, value: 5_000 },
    });
    await h.bo.hold({ eventId: event.id, userId: 'u1', best: { quantity: 4, section: 'S003' } });
    const view = await h.bo.getEvent(event.id);
    expect(view.tickets).toHaveLength(3000);

    const summary = renderSeatMap(view, { style: plainStyle, glyphs: UNICODE_GLYPHS });
    expect(summary.length).toBeLessThan(30);
    const s003 = summary.find((l) => l.startsWith('S003'));
    expect(s003?.split(/\s+/).slice(-3)).toEqual(['246', '4', '0']);
    expect(summary.find((l) => l.startsWith('TOTAL'))?.split(/\s+/).slice(-3)).toEqual(['2996', '4', '0']);
    expect(summary.join('\n')).toContain('use --section <id>');
    for (const line of summary) expect(line.length).toBeLessThanOrEqual(80);

    const drill = renderSeatMap(view, { style: plainStyle, glyphs: UNICODE_GLYPHS, section: 'S003' });
    expect(drill.filter((l) => /^ {2}[A-J] /.test(l))).toHaveLength(10);
    expect(drill.join('\n').match(/◐/g)).toHaveLength(4 + 1);
    for (const line of drill) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('wraps rows wider than the terminal instead of overflowing it', async () => {
    h = memoryHarness();
    const venue = await h.bo.createVenue({
      name: 'Long rows',
      city: 'Faro',
      lat: 37,
      lon: -7.9,
      seatMap: { sections: [{ id: 'W', name: 'Wide', tier: 't', rows: [{ label: 'A', seatCount: 150 }] }] },
    });
    const event = await h.bo.createEvent({ title: 'Wide', startsAt: new Date(Date.now() + 86_400_000).toISOString(), venueId: venue.id, prices: { t: 100 } });
    const lines = renderSeatMap(await h.bo.getEvent(event.id), { style: plainStyle, glyphs: UNICODE_GLYPHS });
    const seatLines = lines.filter((l) => l.startsWith('  ') && l.includes('○'));
    expect(seatLines.join('').match(/○/g)).toHaveLength(150);
    expect(seatLines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('uses ASCII symbols when asked to or when the locale is not UTF-8', () => {
    expect(glyphsFor({})).toBe(UNICODE_GLYPHS);
    expect(glyphsFor({ LANG: 'en_US.UTF-8' })).toBe(UNICODE_GLYPHS);
    expect(glyphsFor({ LANG: 'C' })).toBe(ASCII_GLYPHS);
    expect(glyphsFor({ LC_ALL: 'C.UTF-8', LANG: 'C' })).toBe(UNICODE_GLYPHS);
    expect(glyphsFor({ BOXOFFICE_ASCII: '1', LANG: 'en_US.UTF-8' })).toBe(ASCII_GLYPHS);
  });
});

describe('colour and tables', () => {
  it('colours only a terminal, and never with NO_COLOR', () => {
    expect(colourEnabled(fakeIo({ isTTY: true }))).toBe(true);
    expect(colourEnabled(fakeIo({ isTTY: false }))).toBe(false);
    expect(colourEnabled(fakeIo({ isTTY: true, env: { NO_COLOR: '1' } }))).toBe(false);
    expect(styleFor(fakeIo({ isTTY: true })).green('x')).toBe('\u001b[32mx\u001b[39m');
    expect(styleFor(fakeIo({ isTTY: true, env: { NO_COLOR: '1' } })).green('x')).toBe('x');
  });

  it('prints aligned columns with a header on a terminal, tab-separated rows otherwise', () => {
    const tty = fakeIo({ isTTY: true, env: { NO_COLOR: '1' } });
    printTable(tty, ['ID', 'TITLE'], [['evt_1', 'Short'], ['evt_22', 'A\tlonger one']]);
    expect(plain(tty.out()).split('\n').slice(0, 3)).toEqual(['ID      TITLE', 'evt_1   Short', 'evt_22  A longer one']);
    const narrow = fakeIo({ isTTY: true, env: { NO_COLOR: '1' }, columns: 30 });
    printTable(narrow, ['ID', 'TITLE', 'WHEN'], [['evt_1', 'A very long title that would not fit', '2026-12-24']], { flex: 1 });
    expect(narrow.out().split('\n')[1]).toBe('evt_1  A very long… 2026-12-24'.replace('… ', '…  '));
    const pipe = fakeIo({ isTTY: false });
    printTable(pipe, ['ID', 'TITLE'], [['evt_1', 'Short'], ['evt_22', 'A\tlonger one']]);
    expect(pipe.out()).toBe('evt_1\tShort\nevt_22\tA longer one\n');
  });
});
