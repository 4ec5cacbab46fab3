import type { AdmitReport, PublishedDraw, QueueBoard, QueueStats, QueueTicket } from '@boxoffice/sdk';
import { z } from 'zod';
import { component, shapeOf, timestamp } from './registry.js';

/** The waiting queue as the routes answer it: a buyer's ticket, the operator's stats. */

const int = () => z.number().int();
const inventory = z.enum(['unknown', 'available', 'held', 'sold_out']);

export const queueTicket = component(
  'QueueTicket',
  z.object({
    eventId: z.string(),
    userId: z.string(),
    state: z.enum(['prequeue', 'waiting', 'admitted', 'ended', 'lost', 'left']),
    number: int().nullable(),
    position: int().nullable(),
    counter: int(),
    estimatedWait: z.object({ low: z.number(), high: z.number().nullable() }).nullable().describe('Seconds.'),
    inventory,
    soldOut: z.boolean(),
    paused: z.boolean(),
    onSaleAt: timestamp().nullable(),
    admissionToken: z.string().nullable(),
    tokenExpiresAt: timestamp().nullable(),
    receipt: z.string().nullable(),
  }),
  'Where a user stands in an event’s waiting queue.',
);
shapeOf<z.output<typeof queueTicket>, QueueTicket>(true);

export const queueStats = component(
  'QueueStats',
  z.object({
    eventId: z.string(),
    settings: z.object({
      enabled: z.boolean(),
      mode: z.enum(['fifo', 'randomized']),
      onSaleAt: timestamp().nullable(),
      admissionRate: z.number().nullable(),
      maxActive: int().nullable(),
      tokenTtlSeconds: int(),
      heartbeatTimeoutSeconds: int(),
      tickMs: int(),
    }),
    paused: z.boolean(),
    issued: int(),
    counter: int(),
    waiting: int(),
    active: int(),
    measuredRate: z.number().nullable(),
    inventory,
    inventoryCheckedAt: timestamp().nullable(),
    draw: z.object({ seedHash: z.string(), seed: z.string().nullable(), drawn: z.boolean(), participants: int() }).nullable(),
    epoch: int(),
    generation: int(),
    lastResetAt: timestamp().nullable(),
  }),
);
shapeOf<z.output<typeof queueStats>, QueueStats>(true);

export const admitReports = component(
  'AdmitReportList',
  z.array(z.object({ eventId: z.string(), won: z.boolean(), admitted: int(), skipped: int(), counter: int(), drew: z.boolean() })),
);
shapeOf<z.output<typeof admitReports>, AdmitReport[]>(true);

export const drawOrder = component(
  'PublishedDraw',
  z.object({
    eventId: z.string(),
    seedHash: z.string().nullable(),
    seed: z.string().nullable(),
    drawn: z.boolean(),
    participants: int(),
    offset: int(),
    order: z.array(z.string()),
  }),
  "A randomized queue's draw as anyone may audit it: per-user commitments (HMAC-SHA256 of the user id keyed by the seed) in drawn order, never user ids.",
);
shapeOf<z.output<typeof drawOrder>, PublishedDraw>(true);

export const queueBoard = component(
  'QueueBoard',
  z.object({
    eventId: z.string(),
    enabled: z.boolean().describe('False: the event sells without a queue (the rest says nothing).'),
    paused: z.boolean(),
    counter: int().describe('The admitted counter: a waiting user’s position is their number (on the join receipt) − counter.'),
    measuredRate: z.number().nullable().describe('Counter advance per second, smoothed; null until measured.'),
    admissionRate: z.number().nullable().describe('The configured cap in users per second; null: none.'),
    inventory,
    soldOut: z.boolean(),
    onSaleAt: timestamp().nullable(),
    epoch: int(),
    generation: int().describe('Goes up when the queue was re-created after its backend lost it: join again with your receipt.'),
  }),
  'What anyone may see of an event’s queue, the same for every user: cacheable for a second (a CDN carries it).',
);
shapeOf<z.output<typeof queueBoard>, QueueBoard>(true);
