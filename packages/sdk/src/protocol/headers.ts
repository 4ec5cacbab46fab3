/**
 * The request and response headers of BoxOffice's HTTP API, lower-case as Node reads them.
 * The server, the remote client and the web pages name them from here.
 */
export const HEADERS = {
  /** Request: makes a state-changing call safe to repeat (1–255 printable ASCII characters). */
  idempotencyKey: 'idempotency-key',
  /** Response: `true` when the answer is the stored first answer to the Idempotency-Key. */
  idempotentReplayed: 'idempotent-replayed',
  /** Request: the user an admin token acts for. */
  onBehalfOf: 'x-on-behalf-of',
  /** Request: the waiting queue's admission token (or `admissionToken` in the body). */
  admissionToken: 'x-admission-token',
  /** Response: items in all pages of a list. */
  totalCount: 'x-total-count',
  /** Response (search): `false` when X-Total-Count is a lower bound. */
  totalCountExact: 'x-total-count-exact',
  /** Response (search): an estimate of all matches when the count is a lower bound. */
  totalEstimate: 'x-total-estimate',
  /** Response: seconds to wait before retrying (429, 503). */
  retryAfter: 'retry-after',
} as const;

export type HeaderName = (typeof HEADERS)[keyof typeof HEADERS];
