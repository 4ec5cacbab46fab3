import type { BoxOffice } from '@boxoffice/sdk';
import { createHallEvent, HALL_PRICES } from '@boxoffice/sdk/testing';
import type { IdPools } from './id-pools.js';

/**
 * What the fuzz finds on the server before its first request, so routes taking ids reach
 * real rows, not only 404s: events on sale (one with a waiting queue), one that ended, alice's
 * hold, her booking and a cancelled one, a webhook. Everything through the real BoxOffice
 * and the real routes; the ids go into the pools.
 */
export async function seedRealisticData(bo: BoxOffice, baseUrl: string, adminAuth: Record<string, string>, pools: IdPools): Promise<void> {
  const at = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
  const { event: onSale, venue } = await createHallEvent(bo, { maxTicketsPerUser: null });
  const { event: second } = await createHallEvent(bo, { refundDeadlineAt: at(24) });
  const { event: ended } = await createHallEvent(bo, { startsAt: at(-50), endsAt: at(-48), onSaleAt: at(-100) });
  const { event: queued } = await createHallEvent(bo);
  pools.add('event', onSale.id, second.id, ended.id, queued.id);
  pools.add('venue', venue.id);
  pools.add('performer', ...onSale.performerIds);
  pools.add('section', 'A', 'B', 'FLOOR');
  pools.add('tier', ...Object.keys(HALL_PRICES));
  for (const event of [onSale, second, ended]) pools.add('ticket', ...(await bo.getTickets(event.id)).map((t) => t.id));
  pools.add('saleEvent', onSale.id);
  pools.add('saleTicket', ...(await bo.getTickets(onSale.id)).map((t) => t.id));
  pools.add('queuedEvent', queued.id);

  const [t1, t2, t3, t4, t5] = (await bo.getTickets(second.id)).map((t) => t.id);
  const hold = await bo.hold({ eventId: second.id, userId: 'alice', ticketIds: [t1!, t2!] });
  const booking = await bo.book({ eventId: second.id, userId: 'alice', ticketIds: [t3!], paymentDetails: { token: 'tok_visa' } });
  const cancelled = await bo.book({ eventId: second.id, userId: 'alice', ticketIds: [t4!], paymentDetails: { token: 'tok_visa' } });
  await bo.cancelBooking({ bookingId: cancelled.id, userId: 'alice' });
  const bobs = await bo.book({ eventId: second.id, userId: 'bob', ticketIds: [t5!], paymentDetails: { token: 'tok_visa' } });
  pools.add('hold', hold.id);
  pools.add('booking', booking.id, cancelled.id, bobs.id);

  const admin = { ...adminAuth, 'content-type': 'application/json' };
  // A public-looking name that never resolves (RFC 2606 .invalid): private targets stay refused.
  const webhook = await post(`${baseUrl}/admin/webhooks`, admin, { url: 'https://hooks.example.invalid/fuzz', description: 'fuzz' });
  pools.learn(webhook);
  await post(`${baseUrl}/admin/events/${queued.id}/queue`, admin, { enabled: true, mode: 'fifo', admissionRate: 5 }, 'PUT');
}

async function post(url: string, headers: Record<string, string>, body: unknown, method = 'POST'): Promise<unknown> {
  const response = await fetch(url, { method, headers, body: JSON.stringify(body) });
  if (response.status >= 300) throw new Error(`seeding ${method} ${url}: ${response.status} ${await response.text()}`);
  return response.json();
}
