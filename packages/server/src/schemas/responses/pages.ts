import { PAGE_MEDIA_TYPE, type Booking, type Event, type Page } from '@boxoffice/sdk';
import { z } from 'zod';
import { event } from './catalog.js';
import { component, shapeOf } from './registry.js';
import { booking } from './sales.js';

/** A list route's page object, answered for `Accept: application/vnd.boxoffice.page+json`. */
function pageOf<S extends z.ZodType>(name: string, item: S) {
  return component(
    name,
    z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), hasMore: z.boolean() }),
    `A page with its total (Accept: ${PAGE_MEDIA_TYPE}).`,
  );
}

export const eventPage = pageOf('EventPage', event);
shapeOf<z.output<typeof eventPage>, Page<Event>>(true);

export const bookingPage = pageOf('BookingPage', booking);
shapeOf<z.output<typeof bookingPage>, Page<Booking>>(true);
