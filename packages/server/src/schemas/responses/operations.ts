import type { AuditReport, CompactAvailability, CompactLayout, OutboxMessage, ReconcileReport, SweepReport, WebhookDelivery, WebhookEndpoint, WebhookEndpointSummary } from '@boxoffice/sdk';
import { z } from 'zod';
import { seatSection, ticketStatus } from './catalog.js';
import { component, shapeOf, timestamp } from './registry.js';

/** Operator answers (audit, outbox, sweep, reconcile, webhooks), probes, and the compact views. */

const int = () => z.number().int();
const ids = () => z.array(z.string());

export const auditReport = component(
  'AuditReport',
  z.object({
    ticketsChecked: int(),
    bookingsChecked: int(),
    paymentsChecked: int(),
    oversoldTickets: ids(),
    soldWithoutBooking: ids(),
    bookingsMissingTickets: ids(),
    capturesWithoutBooking: ids(),
    bookingsWithoutPayment: ids(),
    ok: z.boolean(),
  }),
);
shapeOf<z.output<typeof auditReport>, AuditReport>(true);

export const outboxMessages = component(
  'OutboxMessageList',
  z.array(
    z.object({
      id: z.string(),
      topic: z.enum(['booking.confirmed', 'booking.cancelled', 'payment.refunded']),
      aggregateId: z.string(),
      payload: z.record(z.string(), z.unknown()),
      createdAt: timestamp(),
      dispatchedAt: timestamp().nullable(),
    }),
  ),
);
shapeOf<z.output<typeof outboxMessages>, OutboxMessage[]>(true);

export const sweepReport = component('SweepReport', z.object({ holdsExpired: int(), ticketsFreed: int() }));
shapeOf<z.output<typeof sweepReport>, SweepReport>(true);

export const reconcileReport = component('ReconcileReport', z.object({ voided: int(), captured: int(), refunded: int(), stillUncertain: int() }));
shapeOf<z.output<typeof reconcileReport>, ReconcileReport>(true);

const endpointSummaryFields = { id: z.string(), url: z.string(), topics: ids().nullable().describe('null: every topic.'), description: z.string().nullable(), createdAt: timestamp() };
export const webhookEndpointList = component('WebhookEndpointList', z.array(z.object(endpointSummaryFields)));
shapeOf<z.output<typeof webhookEndpointList>, WebhookEndpointSummary[]>(true);

export const webhookEndpointCreated = component(
  'WebhookEndpointCreated',
  z.object({ ...endpointSummaryFields, secret: z.string().describe('The signing secret: shown only in this answer.') }),
);
shapeOf<z.output<typeof webhookEndpointCreated>, WebhookEndpoint>(true);

const delivery = z.object({
  id: z.string(),
  endpointId: z.string(),
  event: z.object({ id: z.string(), type: z.string(), createdAt: timestamp(), data: z.record(z.string(), z.unknown()) }),
  status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
  attemptCount: int(),
  nextAttemptAt: timestamp().nullable(),
  createdAt: timestamp(),
  attempts: z.array(z.object({ attempt: int(), at: timestamp(), statusCode: int().nullable(), durationMs: z.number(), error: z.string().nullable() })),
});
shapeOf<z.output<typeof delivery>, WebhookDelivery>(true);
export const webhookEndpointDetail = component(
  'WebhookEndpointDetail',
  z.object({ ...endpointSummaryFields, deliveries: z.array(delivery).describe('The most recent deliveries, newest first.') }),
);

export const webhookPing = component(
  'WebhookPing',
  z.object({ deliveryId: z.string(), eventId: z.string(), type: z.string(), status: z.enum(['PENDING', 'DELIVERED', 'FAILED']) }),
  'The queued ping: follow its delivery on the endpoint.',
);

export const health = component('Health', z.object({ status: z.literal('ok') }));
export const readiness = component(
  'Readiness',
  z.object({ status: z.enum(['ready', 'unavailable']), checks: z.record(z.string(), z.string()).describe('"ok", or why the dependency failed.') }),
);
export const guestToken = component('GuestToken', z.object({ token: z.string(), userId: z.string(), role: z.literal('user'), expiresAt: timestamp() }));

export const compactLayout = component(
  'CompactLayout',
  z.object({
    eventId: z.string(),
    venueId: z.string(),
    currency: z.string(),
    count: int(),
    sections: z.array(seatSection),
    tickets: z
      .object({
        id: ids(),
        section: z.array(int()).describe('Index into sections.'),
        row: z.array(z.string().nullable()),
        seat: z.array(int().nullable()),
        x: z.array(z.number()),
        y: z.array(z.number()),
        tier: ids(),
        price: z.array(int()),
      })
      .describe('Columns, one entry per ticket, in layout order.'),
  }),
);
shapeOf<z.output<typeof compactLayout>, CompactLayout>(true);

export const compactAvailability = component(
  'CompactAvailability',
  z.object({ eventId: z.string(), count: int(), statuses: z.string().describe('One letter per ticket, in layout order.'), legend: z.record(z.string(), ticketStatus) }),
);
shapeOf<z.output<typeof compactAvailability>, CompactAvailability>(true);
