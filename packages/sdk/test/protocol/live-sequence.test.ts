import { describe, expect, it } from 'vitest';
import { LiveSequence } from '../../src/protocol/live.js';

const snapshot = (seq: number) => ({ type: 'snapshot', seq });
const diff = (seq: number) => ({ type: 'diff', seq });

describe('LiveSequence: the live seat map rule every client follows', () => {
  it('ignores diffs before the first snapshot, then applies each next one', () => {
    const s = new LiveSequence();
    expect(s.accept(diff(3))).toBe('ignore');
    expect(s.accept(snapshot(3))).toBe('apply');
    expect(s.accept(diff(4))).toBe('apply');
    expect(s.accept(diff(5))).toBe('apply');
    expect(s.gaps).toBe(0);
  });

  it('asks for a snapshot on a gap and ignores diffs until it comes', () => {
    const s = new LiveSequence();
    s.accept(snapshot(0));
    expect(s.accept(diff(1))).toBe('apply');
    expect(s.accept(diff(3))).toBe('resync');
    expect(s.gaps).toBe(1);
    expect(s.accept(diff(4))).toBe('ignore');
    expect(s.accept(snapshot(4))).toBe('apply');
    expect(s.accept(diff(5))).toBe('apply');
  });

  it('ignores repeated and stale diffs and messages without a sequence number', () => {
    const s = new LiveSequence();
    s.accept(snapshot(10));
    expect(s.accept(diff(10))).toBe('ignore');
    expect(s.accept(diff(9))).toBe('ignore');
    expect(s.accept({ type: 'diff' })).toBe('ignore');
    expect(s.accept({ type: 'pong', seq: 11 })).toBe('ignore');
    expect(s.accept(diff(11))).toBe('apply');
  });

  it('starts over on reset (a new connection opens with a snapshot)', () => {
    const s = new LiveSequence();
    s.accept(snapshot(5));
    s.reset();
    expect(s.accept(diff(6))).toBe('ignore');
    expect(s.accept(snapshot(8))).toBe('apply');
  });
});
