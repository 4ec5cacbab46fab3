import { pagedList } from '@boxoffice/sdk';
import { describe, expect, it } from 'vitest';
import { testApp } from './helpers.js';

describe('load shedding', () => {
  it('answers 503 + Retry-After past the in-flight bound, keeps probes answering, and recovers', async () => {
    const t = await testApp({ shedding: { maxInFlight: 2, retryAfterSeconds: 3 } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events = t.bo.events as { list: typeof t.bo.events.list };
    const original = events.list;
    events.list = (o) => pagedList(async () => (await gate, await original(o)), o?.page);
    try {
      const slow = [t.app.inject({ method: 'GET', url: '/events' }), t.app.inject({ method: 'GET', url: '/events' })];
      await new Promise((r) => setTimeout(r, 50));
      const shed = await t.app.inject({ method: 'GET', url: '/events/search' });
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toBe('3');
      expect(shed.json()).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      release();
      expect((await Promise.all(slow)).map((r) => r.statusCode)).toEqual([200, 200]);
      expect((await t.app.inject({ method: 'GET', url: '/events/search' })).statusCode).toBe(200);
    } finally {
      release();
      await t.close();
    }
  });

  it('sheds while the event loop lags (sustained), and recovers', async () => {
    const t = await testApp({ shedding: { maxEventLoopLagMs: 100, maxInFlight: 0 } });
    try {
      // A sustained stall: the loop gets a turn only every ~250 ms for about 1.5 s.
      for (let i = 0; i < 6; i += 1) {
        const until = Date.now() + 250;
        while (Date.now() < until) {
          // busy
        }
        await new Promise((r) => setImmediate(r));
      }
      await new Promise((r) => setTimeout(r, 20));
      const shed = await t.app.inject({ method: 'GET', url: '/events' });
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toBe('1');
      await new Promise((r) => setTimeout(r, 2200));
      expect((await t.app.inject({ method: 'GET', url: '/events' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
