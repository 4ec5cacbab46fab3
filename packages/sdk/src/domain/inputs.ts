/**
 * What each call of the SDK takes, written out. The zod schemas that check them live beside the
 * domain (schemas.ts, inventory-schemas.ts, queue-schemas.ts, search-query.ts) and are the
 * @boxoffice/sdk/schemas entry; these types are the root's, so its declarations need no zod.
 * test/domain/input-types.test.ts checks each type is exactly what its schema takes.
 */

// Catalog

export interface PerformerInput {
  name: string;
  description?: string | undefined;
  genre?: string | null | undefined;
}

/** A row of numbered seats. */
export interface SeatRowInput {
  label: string;
  seatCount: number;
  /** Default 1. */
  startNumber?: number | undefined;
}

/** A seated section (`rows`) or a general-admission area (`capacity`). */
export interface SectionInput {
  id: string;
  name: string;
  tier: string;
  rank?: number | undefined;
  x?: number | undefined;
  y?: number | undefined;
  rows?: SeatRowInput[] | undefined;
  capacity?: number | null | undefined;
}

export interface SeatMapInput {
  sections: SectionInput[];
}

export interface VenueInput {
  name: string;
  address?: string | undefined;
  city: string;
  /** ISO 3166 alpha-2, default US. */
  country?: string | undefined;
  lat: number;
  lon: number;
  seatMap: SeatMapInput;
}

export interface EventInput {
  title: string;
  description?: string | undefined;
  /** One of EVENT_TYPES, default `other`. */
  type?: string | undefined;
  startsAt: string;
  endsAt?: string | undefined;
  onSaleAt?: string | undefined;
  /** When sales stop (default: startsAt); between onSaleAt and endsAt. */
  salesEndAt?: string | undefined;
  /** Until when a user may cancel for a refund (default: startsAt); at most endsAt. */
  refundDeadlineAt?: string | undefined;
  venueId: string;
  performerIds?: string[] | undefined;
  popularity?: number | undefined;
  /** ISO 4217, default USD. */
  currency?: string | undefined;
  /** Price per tier, in minor units. */
  prices: Record<string, number>;
  holdTtlSeconds?: number | undefined;
  maxTicketsPerUser?: number | null | undefined;
}

export interface EventPatch {
  title?: string | undefined;
  description?: string | undefined;
  /** One of EVENT_STATUSES. */
  status?: string | undefined;
  popularity?: number | undefined;
  holdTtlSeconds?: number | undefined;
  maxTicketsPerUser?: number | null | undefined;
  salesEndAt?: string | undefined;
  refundDeadlineAt?: string | undefined;
}

/** `listEvents`: a page (1-based; 1-100 a page, default 20); `includePast` also lists events that ended. */
export interface ListEventsInput {
  page?: number;
  pageSize?: number;
  includePast?: boolean;
}

// Sales

/** Best-available: the best `quantity` seats the event has, optionally in one section or under a price. */
export interface BestAvailableInput {
  quantity: number;
  section?: string | undefined;
  maxPrice?: number | undefined;
  /** Default true. */
  adjacent?: boolean | undefined;
}

/** Either `ticketIds` or `best`, not both. */
export interface HoldInput {
  eventId: string;
  userId: string;
  ticketIds?: string[] | undefined;
  best?: BestAvailableInput | undefined;
  idempotencyKey?: string | undefined;
  /** Required when the event's waiting queue is enabled: the token the queue handed out. */
  admissionToken?: string | undefined;
}

export interface PaymentDetails {
  /** A payment token like tok_visa (card numbers are never accepted). */
  token: string;
}

export interface ConfirmInput {
  holdId: string;
  userId: string;
  paymentDetails: PaymentDetails;
  idempotencyKey?: string | undefined;
}

export interface BookInput {
  eventId: string;
  userId: string;
  ticketIds: string[];
  paymentDetails: PaymentDetails;
  idempotencyKey?: string | undefined;
  admissionToken?: string | undefined;
}

export interface CancelInput {
  bookingId: string;
  userId: string;
  idempotencyKey?: string | undefined;
  /** An operator's cancel (admin): not bound by the event's refund deadline. Users never set it. */
  asOperator?: boolean | undefined;
}

// Inventory

/** Exactly one of `ticketIds`, `section` (optionally with `rows`), `tier`. */
export interface TicketSelection {
  eventId: string;
  ticketIds?: string[] | undefined;
  section?: string | undefined;
  rows?: string[] | undefined;
  tier?: string | undefined;
  idempotencyKey?: string | undefined;
}

export type BlockInput = TicketSelection;
export type UnblockInput = TicketSelection;

export interface RepriceInput extends TicketSelection {
  /** The new price, in minor units. */
  price: number;
}

// Waiting queue

export interface QueueSettingsInput {
  enabled?: boolean | undefined;
  mode?: 'fifo' | 'randomized' | undefined;
  onSaleAt?: string | null | undefined;
  admissionRate?: number | null | undefined;
  maxActive?: number | null | undefined;
  tokenTtlSeconds?: number | undefined;
  heartbeatTimeoutSeconds?: number | undefined;
  tickMs?: number | undefined;
}

export interface QueueUserInput {
  eventId: string;
  userId: string;
}

export interface QueueJoinInput extends QueueUserInput {
  /** The join receipt of an earlier join, to keep that place after a queue reset. */
  receipt?: string | undefined;
}

// Search

export const MAX_KEYWORD_LENGTH = 200;
/** Deepest result reachable by paging (page × pageSize), as search engines cap it. */
export const MAX_RESULT_WINDOW = 10_000;

/** Numbers and booleans may arrive as text (a query string); dates as `Date` or ISO-8601 text. */
export interface SearchInput {
  keyword?: string | undefined;
  start?: string | Date | undefined;
  end?: string | Date | undefined;
  pageSize?: string | number | undefined;
  page?: string | number | undefined;
  city?: string | undefined;
  venueId?: string | undefined;
  /** One of EVENT_TYPES. */
  type?: string | undefined;
  performerId?: string | undefined;
  minPrice?: string | number | undefined;
  maxPrice?: string | number | undefined;
  onlyAvailable?: boolean | 'true' | 'false' | '1' | '0' | undefined;
  /** Past events (ended before now) are left out unless this is true. */
  includePast?: boolean | 'true' | 'false' | '1' | '0' | undefined;
  lat?: string | number | undefined;
  lon?: string | number | undefined;
  radiusKm?: string | number | undefined;
  sort?: 'relevance' | 'date' | 'price' | 'popularity' | undefined;
  facets?: boolean | ('type' | 'city' | 'month' | 'priceBand')[] | undefined;
}

export interface SuggestInput {
  prefix: string;
  limit?: string | number | undefined;
}
