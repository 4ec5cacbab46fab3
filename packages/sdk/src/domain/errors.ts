/**
 * One error type for the whole toolkit. Every failure a caller can act on carries a stable
 * `code`; the HTTP status and the CLI exit code are derived from it through the two tables
 * below, so the server, the CLI and the remote client agree on what each failure means.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'SEAT_UNAVAILABLE',
  'HOLD_NOT_FOUND',
  'HOLD_EXPIRED',
  'HOLD_NOT_ACTIVE',
  'LIMIT_EXCEEDED',
  'EVENT_NOT_ON_SALE',
  'PAYMENT_DECLINED',
  'PAYMENT_UNCERTAIN',
  'IDEMPOTENCY_MISMATCH',
  'IDEMPOTENCY_IN_PROGRESS',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'STORE_LOCKED',
  'UNAVAILABLE',
  'INTERNAL',
  'QUEUE_DISABLED',
  'QUEUE_NOT_JOINED',
  'QUEUE_RESET',
  'QUEUE_ALREADY_ADMITTED',
  'QUEUE_TOKEN_REQUIRED',
  'QUEUE_TOKEN_INVALID',
  'SOLD_OUT',
  'REFUND_DEADLINE_PASSED',
  'RATE_LIMITED',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status for each code (used by the server and read back by the remote client). */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION: 400,
  NOT_FOUND: 404,
  SEAT_UNAVAILABLE: 409,
  HOLD_NOT_FOUND: 404,
  HOLD_EXPIRED: 410,
  HOLD_NOT_ACTIVE: 409,
  LIMIT_EXCEEDED: 422,
  EVENT_NOT_ON_SALE: 409,
  PAYMENT_DECLINED: 402,
  PAYMENT_UNCERTAIN: 502,
  IDEMPOTENCY_MISMATCH: 422,
  IDEMPOTENCY_IN_PROGRESS: 409,
  CONFLICT: 409,
  FORBIDDEN: 403,
  UNAUTHORIZED: 401,
  STORE_LOCKED: 503,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  QUEUE_DISABLED: 409,
  QUEUE_NOT_JOINED: 404,
  QUEUE_RESET: 409,
  QUEUE_ALREADY_ADMITTED: 409,
  QUEUE_TOKEN_REQUIRED: 403,
  QUEUE_TOKEN_INVALID: 403,
  SOLD_OUT: 409,
  REFUND_DEADLINE_PASSED: 409,
  RATE_LIMITED: 429,
};

/** CLI exit code for each code: 1 error, 2 usage, 3 conflict, 4 auth, 5 unavailable. */
export const EXIT_CODE_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  VALIDATION: 2,
  NOT_FOUND: 1,
  SEAT_UNAVAILABLE: 3,
  HOLD_NOT_FOUND: 1,
  HOLD_EXPIRED: 3,
  HOLD_NOT_ACTIVE: 3,
  LIMIT_EXCEEDED: 3,
  EVENT_NOT_ON_SALE: 3,
  PAYMENT_DECLINED: 1,
  PAYMENT_UNCERTAIN: 1,
  IDEMPOTENCY_MISMATCH: 3,
  IDEMPOTENCY_IN_PROGRESS: 3,
  CONFLICT: 3,
  FORBIDDEN: 4,
  UNAUTHORIZED: 4,
  STORE_LOCKED: 5,
  UNAVAILABLE: 5,
  INTERNAL: 1,
  QUEUE_DISABLED: 3,
  QUEUE_NOT_JOINED: 1,
  QUEUE_RESET: 1,
  QUEUE_ALREADY_ADMITTED: 3,
  QUEUE_TOKEN_REQUIRED: 4,
  QUEUE_TOKEN_INVALID: 4,
  SOLD_OUT: 3,
  REFUND_DEADLINE_PASSED: 3,
  RATE_LIMITED: 5,
};

export interface BoxOfficeErrorOptions {
  /** The input field at fault, as a dotted path (`ticketIds.2`, `seatMap.sections.0.rows`). */
  field?: string;
  /** Extra machine-readable facts (the taken ticket ids, the hold's expiry...). */
  details?: Record<string, unknown>;
  cause?: unknown;
  /** The server's id of the request that failed (its `X-Request-Id`), when the error came back from one. */
  requestId?: string;
}

export class BoxOfficeError extends Error {
  override readonly name = 'BoxOfficeError';
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly details: Record<string, unknown> | undefined;
  /**
   * The id the server gave the request that failed (its `X-Request-Id` answer header), on errors
   * the remote client rebuilt from a server's answer: quote it to the deployment's operators,
   * whose logs carry it. Undefined for errors thrown in-process or before any answer came.
   */
  readonly requestId: string | undefined;

  constructor(code: ErrorCode, message: string, options: BoxOfficeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
    this.details = options.details;
    this.requestId = options.requestId;
  }

  get httpStatus(): number {
    return HTTP_STATUS_BY_CODE[this.code];
  }

  get exitCode(): number {
    return EXIT_CODE_BY_CODE[this.code];
  }

  toJSON(): { code: ErrorCode; message: string; field?: string; details?: Record<string, unknown>; requestId?: string } {
    return {
      code: this.code,
      message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.requestId === undefined ? {} : { requestId: this.requestId }),
    };
  }
}

export function isBoxOfficeError(value: unknown, code?: ErrorCode): value is BoxOfficeError {
  return value instanceof BoxOfficeError && (code === undefined || value.code === code);
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Shorthand for a validation failure naming the field at fault. */
export function invalid(field: string, message: string): BoxOfficeError {
  return new BoxOfficeError('VALIDATION', `${field}: ${message}`, { field });
}

export function notFound(kind: string, id: string, field?: string): BoxOfficeError {
  return new BoxOfficeError('NOT_FOUND', `${kind} ${id} not found`, {
    ...(field === undefined ? {} : { field }),
    details: { kind, id },
  });
}
