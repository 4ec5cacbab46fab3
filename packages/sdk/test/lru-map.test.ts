import { describe, expect, it } from 'vitest';
import { LruMap } from '../src/services/lru-map.js';

describe('LruMap', () => {
  it('drops the least recently used entry past its count, a read counting as a use', () => {
    const map = new LruMap<number>({ max: 2 });
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // b is now the least recently used
    map.set('c', 3);
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([1, undefined, 3]);
    expect(map.count).toBe(2);
  });

  it('keeps the total size within maxSize, and never keeps an entry bigger than it', () => {
    const map = new LruMap<string>({ max: 100, maxSize: 10, sizeOf: (value, key) => value.length + key.length });
    map.set('a', 'xxxx'); // 5
    map.set('b', 'yyyy'); // 10
    map.set('c', 'zz'); // 13: a goes
    expect([map.get('a'), map.get('b'), map.get('c')]).toEqual([undefined, 'yyyy', 'zz']);
    map.set('d', 'x'.repeat(20));
    expect(map.get('d')).toBeUndefined();
    expect([map.get('b'), map.get('c')]).toEqual(['yyyy', 'zz']);
    map.set('b', 'y'); // replacing an entry gives its size back: 2 + 3
    map.set('e', 'abcd'); // 10
    expect([map.get('b'), map.get('c'), map.get('e')]).toEqual(['y', 'zz', 'abcd']);
  });

  it('expires an entry after its lifetime, on its own clock', () => {
    let now = 1000;
    const map = new LruMap<string>({ max: 10, now: () => now });
    map.set('short', 's', 50);
    map.set('forever', 'f');
    now += 49;
    expect(map.get('short')).toBe('s');
    now += 1;
    expect(map.get('short')).toBeUndefined();
    expect(map.count).toBe(1);
    now += 1e9;
    expect(map.get('forever')).toBe('f');
    map.clear();
    expect(map.count).toBe(0);
  });
});
