/**
 * One page of a list: the items, how many there are in all, and whether another page follows.
 * `bo.events.list()` and `bo.bookings.list()` answer it (and iterate over every page with
 * `for await`); `GET /events` and `GET /bookings` send it for `Accept: application/vnd.boxoffice.page+json`.
 */
export interface Page<T> {
  readonly items: T[];
  /** Items in all pages (as counted when this page was read). */
  readonly total: number;
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  /** True when a later page holds more items. */
  readonly hasMore: boolean;
}

export function pageOf<T>(items: T[], total: number, page: number, pageSize: number): Page<T> {
  return { items, total, page, pageSize, hasMore: page * pageSize < total };
}
