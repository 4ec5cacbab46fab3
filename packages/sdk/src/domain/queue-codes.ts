import { BoxOfficeError } from './errors.js';

/**
 * The queue's failure codes: small negative integers, returned as-is by the Redis adapter's
 * Lua scripts and by the memory adapter, and turned into errors by the one function below, so
 * messages are identical whatever the backend. Keep in sync with `lua/includes/codes.lua`.
 */
export const QueueCode = {
  /** No queue was ever configured for the event. */
  NOT_CONFIGURED: -1,
  /** The queue is configured but disabled. */
  DISABLED: -2,
  /** Nothing AVAILABLE or RESERVED is left: joins are refused. */
  SOLD_OUT: -3,
  /** The user is not in the queue. */
  NOT_JOINED: -4,
  /** The user was already admitted once: a second admission is never handed out. */
  ALREADY_ADMITTED: -5,
  /** Users joined (mode) or the randomized draw started (on-sale time): they are fixed now. */
  DRAW_FIXED: -6,
  /** Another process holds the draw lock (not an error: try again next tick). */
  DRAW_BUSY: -7,
} as const;

export type QueueCode = (typeof QueueCode)[keyof typeof QueueCode];

const KNOWN = new Set<number>(Object.values(QueueCode));

export function isQueueCode(value: unknown): value is QueueCode {
  return typeof value === 'number' && KNOWN.has(value);
}

/** The error for a queue failure code. */
export function queueError(code: QueueCode, context: { eventId: string; userId?: string }): BoxOfficeError {
  const { eventId, userId } = context;
  switch (code) {
    case QueueCode.NOT_CONFIGURED:
      return new BoxOfficeError('QUEUE_DISABLED', `event ${eventId} has no waiting queue`, { field: 'eventId', details: { configured: false } });
    case QueueCode.DISABLED:
      return new BoxOfficeError('QUEUE_DISABLED', `the waiting queue of event ${eventId} is disabled`, { field: 'eventId', details: { configured: true } });
    case QueueCode.SOLD_OUT:
      return new BoxOfficeError('SOLD_OUT', `event ${eventId} is sold out`, { field: 'eventId' });
    case QueueCode.NOT_JOINED:
      return new BoxOfficeError('QUEUE_NOT_JOINED', `${userId ?? 'the user'} is not in the queue of event ${eventId}`, { field: 'userId' });
    case QueueCode.ALREADY_ADMITTED:
      return new BoxOfficeError('QUEUE_ALREADY_ADMITTED', `${userId ?? 'the user'} was already admitted to event ${eventId}; ask for the status instead`, {
        field: 'userId',
      });
    case QueueCode.DRAW_FIXED:
      return new BoxOfficeError('CONFLICT', `the queue of event ${eventId} has started: its mode and on-sale time are fixed`, { field: 'mode' });
    case QueueCode.DRAW_BUSY:
      return new BoxOfficeError('CONFLICT', `the draw of event ${eventId} is in progress`, { field: 'eventId' });
  }
}
