import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const SIGNATURE_HEADER = 'BoxOffice-Signature';
export const EVENT_ID_HEADER = 'BoxOffice-Event-Id';
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return mac.digest('hex');
}

/** The signature header value for `body` sent at `timestampSeconds` (unix seconds). */
export function signWebhookPayload(secret: string, body: string | Uint8Array, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

export interface VerifyOptions {
  /** Largest age (or clock skew ahead) of the signed timestamp accepted; default 300 s. */
  readonly toleranceSeconds?: number;
  /** The receiver's clock in unix seconds (default: now). */
  readonly nowSeconds?: number;
}

/**
 * For receivers: true when `header` (the `BoxOffice-Signature` value) signs exactly `body`
 * (the raw bytes received, before any JSON parsing) with `secret`, at a timestamp within the
 * tolerance of now. The comparison is timing-safe; the timestamp bound limits replays (dedupe
 * by the event id as well: delivery is at-least-once). Several `v1=` entries are accepted.
 */
export function verifyWebhookSignature(secret: string, header: string | undefined | null, body: string | Uint8Array, options: VerifyOptions = {}): boolean {
  if (typeof header !== 'string' || header.length > 2048 || typeof secret !== 'string' || secret === '') return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  return signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
}
