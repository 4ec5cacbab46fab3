import { connect, waitOnBoard, type QueueBoard, type RemoteBoxOffice } from '@boxoffice/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hallEvent, listenUrl, testApp, type TestApp } from './helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `GET /events/:eventId/queue`: the public board a CDN carries, read once a second per process. */
describe('the queue board over HTTP', () => {
  let t: TestApp;
  let anonymous: RemoteBoxOffice;
  beforeAll(async () => {
    t = await testApp();
    anonymous = connect(await listenUrl(t.app), { retry: false });
  });
  afterAll(async () => {
    await anonymous.close();
    await t.close();
  });

  it('answers anyone, cacheable for a second, with an ETag and 304 for it', async () => {
    const { event } = await hallEvent(t);
    const res = await t.app.inject({ method: 'GET', url: `/events/${event.id}/queue` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=1');
    expect(res.headers.etag).toMatch(/^W\/"/);
    expect(res.json()).toMatchObject({ eventId: event.id, enabled: false });
    const again = await t.app.inject({ method: 'GET', url: `/events/${event.id}/queue`, headers: { 'if-none-match': String(res.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('is NOT_FOUND for an unknown event and VALIDATION for a bad id', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/events/evt_doesnotexist/queue' })).json()).toMatchObject({ status: 404, code: 'NOT_FOUND' });
    await expect(anonymous.queue.board('not an id')).rejects.toMatchObject({ code: 'VALIDATION', field: 'eventId' });
  });

  it('reads the queue once a second however many ask; the remote client gets the same board', async () => {
    const { event } = await hallEvent(t);
    await t.bo.queue.configure(event.id, { mode: 'fifo', admissionRate: null, maxActive: 1 });
    const ticket = await t.bo.queue.join({ eventId: event.id }, { userId: 'alice' });
    await t.bo.queue.join({ eventId: event.id }, { userId: 'bob' });
    const original = t.bo.queue.board.bind(t.bo.queue);
    let reads = 0;
    t.bo.queue.board = (eventId) => {
      reads += 1;
      return original(eventId);
    };
    try {
      const boards = await Promise.all(Array.from({ length: 20 }, () => anonymous.queue.board(event.id)));
      // One read serves them all (two, should a slow machine spread them over a second boundary).
      expect(reads).toBeLessThanOrEqual(2);
      const readsBefore = reads;
      const first: QueueBoard = boards[0]!;
      for (const b of boards) expect(b).toEqual(first);
      expect(first).toMatchObject({ enabled: true, counter: 0 });
      expect(waitOnBoard(ticket.number!, first).position).toBe(1);
      await t.bo.queue.admit();
      // Past the second the process read it for, the board is read again and shows the admission.
      await sleep(1100);
      const later = await anonymous.queue.board(event.id);
      expect(reads).toBe(readsBefore + 1);
      expect(later.counter).toBe(1);
      expect(waitOnBoard(ticket.number!, later).position).toBe(0);
    } finally {
      t.bo.queue.board = original;
    }
  });
});
