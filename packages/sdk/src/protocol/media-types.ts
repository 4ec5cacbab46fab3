/** The media types BoxOffice's HTTP API speaks beyond plain JSON. */

/** Errors: RFC 9457 problem details (`{ type, title, status, detail, code, field?, details? }`). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** `GET /events/search` answers the whole result `{ items, total, totalExact, page, pageSize, facets? }` for it. */
export const SEARCH_RESULT_MEDIA_TYPE = 'application/vnd.boxoffice.search+json';

/** `GET /events` and `GET /bookings` answer a `Page` `{ items, total, page, pageSize, hasMore }` for it. */
export const PAGE_MEDIA_TYPE = 'application/vnd.boxoffice.page+json';
