import type { Booking, Hold, InventoryResult } from '@boxoffice/sdk';
import { z } from 'zod';
import { component, shapeOf, timestamp } from './registry.js';
import { ticketStatus } from './catalog.js';

/** Holds, bookings and inventory commands as the routes answer them. */

export const hold = component(
  'Hold',
  z.object({
    id: z.string(),
    eventId: z.string(),
    userId: z.string(),
    ticketIds: z.array(z.string()),
    total: z.number().int().describe('Minor units.'),
    currency: z.string(),
    status: z.enum(['ACTIVE', 'RELEASED', 'EXPIRED', 'CONFIRMED']).describe('ACTIVE holds past expiresAt read EXPIRED.'),
    expiresAt: timestamp(),
    createdAt: timestamp(),
  }),
);
shapeOf<z.output<typeof hold>, Hold>(true);

const bookingFields = {
  id: z.string(),
  eventId: z.string(),
  userId: z.string(),
  holdId: z.string(),
  ticketIds: z.array(z.string()),
  total: z.number().int().describe('Minor units.'),
  currency: z.string(),
  status: z.enum(['CONFIRMED', 'CANCELLED']),
  paymentId: z.string(),
  createdAt: timestamp(),
  updatedAt: timestamp(),
};
export const booking = component('Booking', z.object(bookingFields));
shapeOf<z.output<typeof booking>, Booking>(true);
export const bookingList = component('BookingList', z.array(booking));

/** The seed's `POST /bookings/:eventId` answer: `{ bookingId, ... }`, the booking with its id twice. */
export const seedBooking = component('SeedBooking', z.object({ bookingId: z.string(), ...bookingFields }), "The seed's booking answer: the booking, its id also as bookingId.");

export const inventoryResult = component(
  'InventoryResult',
  z.object({
    eventId: z.string(),
    blockId: z.string().optional().describe("The block's id (a hold id), for a block that blocked anything."),
    changed: z.array(z.string()),
    skipped: z.array(z.object({ ticketId: z.string(), status: z.union([ticketStatus, z.literal('BLOCKED')]) })),
    price: z.number().int().optional().describe('The new price, for a reprice.'),
  }),
);
shapeOf<z.output<typeof inventoryResult>, InventoryResult>(true);
