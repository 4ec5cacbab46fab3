import { describe, expect, it } from 'vitest';
import { useSearchWorld, type SearchFactory } from './search-fixtures.js';

export function relevanceCases(factory: SearchFactory): void {
  describe('relevance', () => {
    const w = useSearchWorld(factory);
    const titles = async (keyword: string) => (await w.bo.searchEvents({ keyword, pageSize: 10 })).items.map((e) => e.title);

    it('ranks an exact title first, then events with all the words, then some', async () => {
      const result = await w.bo.searchEvents({ keyword: 'Marzipan Dreams' });
      const ids = result.items.map((e) => e.id);
      expect(ids[0]).toBe(w.events.exact.id);
      expect(ids[1]).toBe(w.events.allWords.id);
      expect(ids.indexOf(w.events.oneWordA.id)).toBeGreaterThan(1);
      expect(ids.indexOf(w.events.oneWordB.id)).toBeGreaterThan(1);
      expect(result.total).toBeGreaterThanOrEqual(4);
    });

    it('ranks an exact performer name first', async () => {
      const ids = (await w.bo.searchEvents({ keyword: 'velvet quokka' })).items.map((e) => e.id);
      expect(ids[0]).toBe(w.events.performer.id);
      expect(ids[1]).toBe(w.events.bothPerformerWords.id);
    });

    it('finds the event despite a one-letter typo (and two in a long word)', async () => {
      for (const typo of ['marzipam', 'marzpan', 'mrazipan', 'marzipna dreams', 'quoka', 'qokka', 'kumqaut']) {
        const found = await titles(typo);
        expect(found.length, typo).toBeGreaterThan(0);
      }
      expect(await titles('marzipam')).toContain('Marzipan Dreams');
      expect(await titles('qokka')).toContain('Summer Nights Live');
      // Two edits in a long word.
      expect(await titles('marzapin')).toContain('Marzipan Dreams');
    });

    it('matches the last word as a prefix, stems, and ignores accents and case', async () => {
      expect(await titles('marzi')).toContain('Marzipan Dreams');
      expect(await titles('castle')).toContain('Dreams of Marzipan Castles');
      expect(await titles('THIMBLE WHISPER')).toContain('Thimble Whispers');
      expect(await titles('sao paulo pitanga')).toContain('Carnaval Pitanga');
      expect((await titles('SÃO PAULO pitanga'))[0]).toBe('Carnaval Pitanga');
    });

    it('searches performer names, venue names and cities, not only titles', async () => {
      expect(await titles('kumquat')).toContain('Winter Pitanga Gala');
      expect(await titles('marmalade')).toContain('Marzipan Factory Tour');
      expect((await w.bo.searchEvents({ keyword: 'quokkaland' })).items.map((e) => e.id)).toContain(w.events.lisbonJan.id);
    });

    it('treats query syntax typed by a user as plain text, never as an engine error', async () => {
      for (const keyword of ['marzipan*', 'title:marzipan', 'marzipan~2', 'marzipan^10', '+marzipan -dreams', '*', ':', '~', '^', '+', '-', '"unclosed', '(a OR b', "'; DROP TABLE events; --", '\\', '%_%', 'a:b:c*~^']) {
        const result = await w.bo.searchEvents({ keyword });
        expect(Array.isArray(result.items), keyword).toBe(true);
      }
      expect(await titles('marzipan*')).toContain('Marzipan Dreams');
      expect(await titles('+marzipan -dreams')).toContain('Marzipan Dreams');
    });

    it('sorts by date, price and popularity when asked, with a keyword', async () => {
      const byDate = (await w.bo.searchEvents({ keyword: 'pitanga', sort: 'date' })).items.map((e) => e.id);
      expect(byDate).toEqual([w.events.lisbonJan.id, w.events.portoFeb.id, w.events.saoPaulo.id]);
      const byPrice = (await w.bo.searchEvents({ keyword: 'pitanga', sort: 'price' })).items.map((e) => e.id);
      expect(byPrice).toEqual([w.events.lisbonJan.id, w.events.portoFeb.id, w.events.saoPaulo.id]);
      const byPopularity = (await w.bo.searchEvents({ keyword: 'marzipan dreams', sort: 'popularity', pageSize: 3 })).items.map((e) => e.popularity);
      expect(byPopularity).toEqual([...byPopularity].sort((a, b) => b - a));
    });
  });
}
