import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallEvent, testApp, type TestApp } from './helpers.js';

describe('GET /events/search (the seed) and /events/suggest', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    for (let i = 0; i < 5; i += 1) {
      await hallEvent(t, { title: `Jazz night ${i}`, startsAt: new Date(Date.UTC(2031, 0, 10 + i, 20)).toISOString() });
    }
    await hallEvent(t, { title: 'Opera gala', startsAt: '2031-02-01T19:00:00Z' });
  });
  afterAll(() => t.close());

  async function settled<T>(fn: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    // The search index may lag the catalog by its documented bound: poll briefly.
    for (let i = 0; i < 50; i += 1) {
      const v = await fn();
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
    return fn();
  }

  it('answers a JSON array, the total in X-Total-Count, next/prev in Link', async () => {
    const url = '/events/search?keyword=jazz&pageSize=2&page=2';
    const res = await settled(() => t.app.inject({ method: 'GET', url }), (r) => r.headers['x-total-count'] === '5');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = res.json();
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(2);
    expect(body.every((e: { title: string }) => e.title.startsWith('Jazz night'))).toBe(true);
    expect(body).toEqual(JSON.parse(JSON.stringify((await t.bo.searchEvents({ keyword: 'jazz', pageSize: 2, page: 2 })).items)));
    expect(res.headers['x-total-count']).toBe('5');
    expect(res.headers['x-total-count-exact']).toBe('true');
    expect(res.headers['x-total-estimate']).toBeUndefined();
    const link = res.headers.link as string;
    expect(link).toContain('</events/search?keyword=jazz&pageSize=2&page=3>; rel="next"');
    expect(link).toContain('</events/search?keyword=jazz&pageSize=2&page=1>; rel="prev"');
    expect(link).toContain('rel="last"');
    const last = await t.app.inject({ method: 'GET', url: '/events/search?keyword=jazz&pageSize=2&page=3' });
    expect(last.headers.link).not.toContain('rel="next"');
  });

  it('filters by start and end, and gives the whole result with facets on request', async () => {
    await settled(() => t.bo.searchEvents({}), (r) => r.total === 6);
    const ranged = await t.app.inject({ method: 'GET', url: '/events/search?start=2031-01-11&end=2031-01-13T23:59:59Z' });
    expect(ranged.json().map((e: { title: string }) => e.title).sort()).toEqual(['Jazz night 1', 'Jazz night 2', 'Jazz night 3']);
    const full = await t.app.inject({ method: 'GET', url: '/events/search?facets=type&facets=month', headers: { accept: 'application/vnd.boxoffice.search+json' } });
    expect(full.headers['content-type']).toBe('application/vnd.boxoffice.search+json; charset=utf-8');
    const result = full.json();
    expect(result).toMatchObject({ total: 6, page: 1, pageSize: 20 });
    expect(result.facets.month).toEqual([
      { value: '2031-01', count: 5 },
      { value: '2031-02', count: 1 },
    ]);
  });

  it('refuses bad queries naming the field', async () => {
    for (const [qs, field] of [
      ['pageSize=1000', 'pageSize'],
      ['page=0', 'page'],
      ['start=yesterday', 'start'],
      ['start=2031-02-01&end=2031-01-01', 'end'],
      ['venueId=nope', 'venueId'],
      ['colour=red', 'colour'],
      [`keyword=${'x'.repeat(300)}`, 'keyword'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/events/search?${qs}` });
      expect(res.statusCode, qs).toBe(400);
      expect(res.json(), qs).toMatchObject({ code: 'VALIDATION', field });
    }
  });

  it('suggests by prefix', async () => {
    const res = await settled(
      () => t.app.inject({ method: 'GET', url: '/events/suggest?prefix=ope&limit=3' }),
      (r) => r.json().length > 0,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()[0]).toMatchObject({ text: expect.stringMatching(/opera/i) });
    expect((await t.app.inject({ method: 'GET', url: '/events/suggest' })).json()).toMatchObject({ code: 'VALIDATION', field: 'prefix' });
  });
});
