import { connect, signToken, type RemoteBoxOffice } from '@boxoffice/sdk';
import { seatsOf } from '@boxoffice/sdk/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, hallEvent, listenUrl, SECRET, testApp, type TestApp } from './helpers.js';

/**
 * The seed's one-shot booking on a queued event takes the admission token as a hold does: in
 * the body (`admissionToken`) or the `X-Admission-Token` header; the remote client passes it.
 */
describe('admission tokens on POST /bookings/:eventId and POST /holds', () => {
  let t: TestApp;
  let url: string;
  const clients: RemoteBoxOffice[] = [];
  beforeAll(async () => {
    t = await testApp();
    url = await listenUrl(t.app);
  });
  afterAll(async () => {
    for (const c of clients) await c.close();
    await t.close();
  });

  /** A queued hall event whose `users` have all been admitted; their tokens by user. */
  async function admitted(users: readonly string[]) {
    const { event } = await hallEvent(t);
    await t.bo.configureQueue(event.id, { mode: 'fifo', admissionRate: null, maxActive: users.length });
    for (const userId of users) await t.bo.queue.join({ eventId: event.id, userId });
    await t.bo.admitQueues();
    const tokens = new Map<string, string>();
    for (const userId of users) {
      const status = await t.bo.queue.status({ eventId: event.id, userId });
      expect(status.state).toBe('admitted');
      tokens.set(userId, status.admissionToken!);
    }
    return { event, seats: await seatsOf(t.bo, event.id, 'B', 'A'), tokens };
  }

  const book = (eventId: string, headers: Record<string, string>, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/bookings/${eventId}`, headers, payload: { paymentDetails: { token: 'tok_visa' }, ...body } });

  it('books with the token in the body or the header, and refuses without it', async () => {
    const { event, seats, tokens } = await admitted(['alice', 'bob']);
    const refused = await book(event.id, t.as.alice, { ticketIds: [seats[0]] });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'QUEUE_TOKEN_REQUIRED' });

    const inBody = await book(event.id, t.as.alice, { ticketIds: [seats[0]], admissionToken: tokens.get('alice') });
    expect(inBody.statusCode).toBe(201);
    expect(inBody.json()).toMatchObject({ bookingId: expect.any(String), userId: 'alice', ticketIds: [seats[0]] });

    // Another user's token is still refused, wherever it is carried.
    const foreign = await book(event.id, { ...t.as.bob, 'x-admission-token': tokens.get('alice')! }, { ticketIds: [seats[1]] });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ code: 'QUEUE_TOKEN_INVALID' });
    const inHeader = await book(event.id, { ...t.as.bob, 'x-admission-token': tokens.get('bob')! }, { ticketIds: [seats[1]] });
    expect(inHeader.statusCode).toBe(201);
    expect(inHeader.json()).toMatchObject({ userId: 'bob', ticketIds: [seats[1]] });
  });

  it('takes the header on POST /holds too, and refuses a body and header that disagree', async () => {
    const { event, seats, tokens } = await admitted(['carol', 'dan']);
    const carol = bearer('carol');
    const hold = await t.app.inject({ method: 'POST', url: '/holds', headers: { ...carol, 'x-admission-token': tokens.get('carol')! }, payload: { eventId: event.id, ticketIds: [seats[2]] } });
    expect(hold.statusCode).toBe(201);
    const both = await t.app.inject({
      method: 'POST',
      url: '/holds',
      headers: { ...carol, 'x-admission-token': tokens.get('dan')! },
      payload: { eventId: event.id, ticketIds: [seats[3]], admissionToken: tokens.get('carol') },
    });
    expect(both.statusCode).toBe(400);
    expect(both.json()).toMatchObject({ code: 'VALIDATION', field: 'admissionToken' });
  });

  it('the remote client books a queued event with its admission token', async () => {
    const { event, seats, tokens } = await admitted(['erin']);
    const erin = connect(url, { token: signToken(SECRET, { userId: 'erin' }) });
    clients.push(erin);
    await expect(erin.book({ eventId: event.id, userId: 'erin', ticketIds: [seats[4]!], paymentDetails: { token: 'tok_visa' } })).rejects.toMatchObject({
      code: 'QUEUE_TOKEN_REQUIRED',
    });
    const booking = await erin.book({ eventId: event.id, userId: 'erin', ticketIds: [seats[4]!], paymentDetails: { token: 'tok_visa' }, admissionToken: tokens.get('erin')! });
    expect(booking).toMatchObject({ userId: 'erin', eventId: event.id, ticketIds: [seats[4]] });
  });

  it('documents the header on both routes in /openapi.json', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    for (const path of ['/holds', '/bookings/{id}']) {
      expect(doc.paths[path].post.parameters).toContainEqual(expect.objectContaining({ name: 'X-Admission-Token', in: 'header', required: false }));
    }
    expect(doc.paths['/holds/{holdId}/confirm'].post.parameters.map((p: { name: string }) => p.name)).not.toContain('X-Admission-Token');
  });
});
