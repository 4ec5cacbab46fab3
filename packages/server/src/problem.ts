import { BoxOfficeError, HTTP_STATUS_BY_CODE, PROBLEM_MEDIA_TYPE, type ErrorCode } from '@boxoffice/sdk';

/**
 * RFC 9457 problem details, carrying the SDK's stable `code` (and the `field` at fault), so
 * the remote client can rebuild the same `BoxOfficeError` the embedded SDK would throw.
 */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: ErrorCode;
  readonly field?: string;
  readonly details?: Record<string, unknown>;
  readonly instance?: string;
  /** The server's id of the request (its `X-Request-Id`), for a user to quote; on a replayed answer, the first request's. */
  readonly requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = `${PROBLEM_MEDIA_TYPE}; charset=utf-8`;

export function problemType(code: ErrorCode): string {
  return `urn:boxoffice:error:${code}`;
}

function titleOf(code: ErrorCode): string {
  const words = code.toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface ProblemExtras {
  status?: number;
  field?: string;
  details?: Record<string, unknown>;
  instance?: string;
  requestId?: string;
}

export function problem(code: ErrorCode, detail: string, extra: ProblemExtras = {}): Problem {
  return {
    type: problemType(code),
    title: titleOf(code),
    status: extra.status ?? HTTP_STATUS_BY_CODE[code],
    detail,
    code,
    ...(extra.field === undefined ? {} : { field: extra.field }),
    ...(extra.details === undefined ? {} : { details: extra.details }),
    ...(extra.instance === undefined ? {} : { instance: extra.instance }),
    ...(extra.requestId === undefined ? {} : { requestId: extra.requestId }),
  };
}

/** Where a problem about one HTTP request points: its URL (`instance`) and its id. */
export function aboutRequest(request: { url: string; id: string }): { instance: string; requestId: string } {
  return { instance: request.url.slice(0, 500), requestId: request.id };
}

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
  validation?: readonly AjvIssue[];
  validationContext?: string;
}

/** `/best/quantity` -> `best.quantity`; a missing or unknown property is named too. */
export function fieldOfIssue(issue: AjvIssue, context: string | undefined): string {
  const path = (issue.instancePath ?? '').split('/').filter(Boolean).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra = issue.params?.missingProperty ?? issue.params?.additionalProperty;
  if (typeof extra === 'string') path.push(extra);
  if (path.length > 0) return path.join('.');
  return context === 'querystring' ? 'query' : (context ?? 'body');
}

function issueMessage(issue: AjvIssue): string {
  if (issue.keyword === 'additionalProperties') return 'unknown field';
  if (issue.keyword === 'required') return 'is required';
  return issue.message ?? 'is invalid';
}

/**
 * Any thrown value as a problem; unexpected errors become a bare INTERNAL (logged, not leaked).
 * `where` is the request's URL (`instance`) and id, when there is a request (`aboutRequest`).
 */
export function problemOf(error: unknown, where: { instance?: string; requestId?: string } = {}): Problem {
  if (error instanceof BoxOfficeError) {
    return problem(error.code, error.message, {
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.details === undefined ? {} : { details: error.details }),
      ...where,
    });
  }
  const e = (error ?? {}) as FrameworkError;
  if (Array.isArray(e.validation) && e.validation.length > 0) {
    const first = e.validation[0]!;
    const field = fieldOfIssue(first, e.validationContext);
    return problem('VALIDATION', `${field}: ${issueMessage(first)}`, { field, ...where });
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const code: ErrorCode = status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 429 ? 'RATE_LIMITED' : 'VALIDATION';
    return problem(code, frameworkMessage(e), { status, ...(code === 'VALIDATION' ? { field: 'body' } : {}), ...where });
  }
  if (status === 503) return problem('UNAVAILABLE', e.message ?? 'service unavailable', where);
  return problem('INTERNAL', 'internal error', where);
}

function frameworkMessage(e: FrameworkError): string {
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'body: too large';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'body: send application/json';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'body: empty, but the content type says JSON';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'body: not valid JSON';
    default:
      return e.message && e.message.length < 300 ? e.message : 'bad request';
  }
}
