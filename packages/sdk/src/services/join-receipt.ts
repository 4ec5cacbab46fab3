import { timingSafeEqual } from 'node:crypto';
import { BoxOfficeError } from '../domain/errors.js';
import { isIdOf, isUserId } from '../domain/ids.js';
import { mac } from './admission-token.js';

/**
 * Join receipts: what a queue join hands the user so that their place survives the queue
 * backend losing its data (a Redis restart without persistence). Signed like admission tokens
 * (HMAC-SHA256 with the deployment secret, `mac` of admission-token.ts), over the event, the
 * user, the user's number, and the queue's epoch and generation when it was issued:
 *
 *   br1.<base64url(JSON {"e","u","n","p","g"})>.<base64url(HMAC-SHA256(secret, "br1." + payload))>
 *
 * A different version prefix from admission tokens (`bq1`), so one can never pass for the other.
 * What a receipt is worth is decided by the queue at join time (ports/queue.ts, `join`): the
 * number back only after a reset of the same epoch, never a second place.
 */
export interface JoinReceipt {
  readonly eventId: string;
  readonly userId: string;
  readonly number: number;
  readonly epoch: number;
  readonly generation: number;
}

const VERSION = 'br1';
const MAX_LENGTH = 1024;

export function signReceipt(secret: string, r: JoinReceipt): string {
  const payload = Buffer.from(JSON.stringify({ e: r.eventId, u: r.userId, n: r.number, p: r.epoch, g: r.generation })).toString('base64url');
  const signed = `${VERSION}.${payload}`;
  return `${signed}.${mac(secret, signed)}`;
}

function invalidReceipt(reason: string, message: string): BoxOfficeError {
  return new BoxOfficeError('QUEUE_TOKEN_INVALID', message, { field: 'receipt', details: { reason } });
}

/** Checks the signature and shape, and that the receipt is this user's for this event. */
export function verifyReceipt(secret: string, receipt: string, expected: { eventId: string; userId: string }): JoinReceipt {
  if (typeof receipt !== 'string' || receipt.length === 0 || receipt.length > MAX_LENGTH) throw invalidReceipt('malformed', 'malformed join receipt');
  const parts = receipt.split('.');
  if (parts.length !== 3 || parts[0] !== VERSION) throw invalidReceipt('malformed', 'malformed join receipt');
  const [, payload = '', signature = ''] = parts;
  const want = Buffer.from(mac(secret, `${VERSION}.${payload}`));
  const given = Buffer.from(signature);
  if (given.length !== want.length || !timingSafeEqual(given, want)) throw invalidReceipt('signature', 'bad join receipt signature');
  let c: { e?: unknown; u?: unknown; n?: unknown; p?: unknown; g?: unknown };
  try {
    c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof c;
  } catch {
    throw invalidReceipt('malformed', 'malformed join receipt');
  }
  const count = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  if (!isIdOf('event', c.e) || !isUserId(c.u) || !count(c.n) || !count(c.p) || !count(c.g)) throw invalidReceipt('malformed', 'malformed join receipt claims');
  if (c.e !== expected.eventId || c.u !== expected.userId) throw invalidReceipt('foreign', 'the join receipt is for another user or event');
  return { eventId: c.e, userId: c.u, number: c.n, epoch: c.p, generation: c.g };
}
